import { useState } from 'react';
import { Stack, Text, Title } from '@mantine/core';

import type { DetectView, MtaId } from '../../../engine/api/contract.ts';
import { DetectPanel } from './relocation/DetectPanel.tsx';
import { GuidePanel } from './relocation/GuidePanel.tsx';
import { RelaySettingsPanel } from './relocation/RelaySettingsPanel.tsx';
import { VerifyPanel } from './relocation/VerifyPanel.tsx';

/** Pick the guide that fits a probe: the software it named, the generic guide for another service, none for a free port. */
function guideFor(result: DetectView): MtaId | null {
  if (result.software) return result.software.id;
  return result.outcome === 'nothing-listening' ? null : 'unknown';
}

/**
 * Relocation: find the machine's own mail server, move it off port 25 with the
 * guide, verify its new address and forward the mail Lyre does not own to it.
 */
export function MailServerScreen() {
  const [mta, setMta] = useState<MtaId | null>(null);
  const [to, setTo] = useState('');
  // An object, so that choosing the same address again still replaces an edited field.
  const [suggestion, setSuggestion] = useState<{ address: string } | null>(null);

  return (
    <Stack maw={920}>
      <div>
        <Title order={2}>Mail server</Title>
        <Text c="dimmed">
          Lyre receives list mail on port 25. When this machine already runs a mail server there, move that
          server to another port and let Lyre forward it everything that is not for a list.
        </Text>
      </div>
      <DetectPanel onDetected={(result) => setMta(guideFor(result))} />
      <GuidePanel mta={mta} onMtaChange={setMta} to={to} onToChange={setTo} />
      <VerifyPanel
        suggested={to.trim() || '127.0.0.1:2525'}
        onUse={(address) => setSuggestion({ address })}
      />
      <RelaySettingsPanel suggestion={suggestion} />
    </Stack>
  );
}
