import { Card, Divider, Group, List, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';

import type { GuideStep, GuideView, MtaId } from '../../../../engine/api/contract.ts';
import { useCall } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CommandBlock, formatHostPort } from './CommandBlock.tsx';

function Steps({ steps, name }: { steps: GuideStep[]; name: string }) {
  return (
    // The item wrapper shrinks to its content by default; stretched, the code blocks line up.
    <List
      type="ordered"
      spacing="md"
      aria-label={name}
      styles={{ itemWrapper: { display: 'flex', alignItems: 'stretch' } }}
    >
      {steps.map((step, index) => (
        <List.Item key={index}>
          <Stack gap={6}>
            <Text size="sm">{step.text}</Text>
            {step.code && (
              <CommandBlock lines={step.code} label={`Copy ${name.toLowerCase()} ${index + 1}`} />
            )}
          </Stack>
        </List.Item>
      ))}
    </List>
  );
}

function Guide({ guide }: { guide: GuideView }) {
  return (
    <Stack data-testid="guide">
      <Title order={5}>
        Move {guide.name} to {formatHostPort(guide.target)}
      </Title>
      {guide.files.length > 0 && (
        <Text size="sm">
          Configuration:{' '}
          <Text span ff="monospace" size="sm">
            {guide.files.join(', ')}
          </Text>
        </Text>
      )}
      <Steps steps={guide.steps} name="Step" />
      {guide.notes.length > 0 && (
        <List size="sm" c="dimmed">
          {guide.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
      <Text size="sm" c="dimmed">
        The lyre commands above have their counterparts on this screen: the verify form and the forwarding
        settings below.
      </Text>
      {guide.undo.length > 0 && (
        <>
          <Divider label="To undo" labelPosition="left" />
          <Steps steps={guide.undo} name="Undo step" />
        </>
      )}
    </Stack>
  );
}

/**
 * Show the relocation guide for the chosen MTA: the steps that move it off port 25 to a
 * loopback address, and the steps that undo it. `mta` is null until detection names
 * one or the administrator picks one; `to` is the new address, empty for the guide's default.
 */
export function GuidePanel(props: {
  mta: MtaId | null;
  onMtaChange: (mta: MtaId) => void;
  to: string;
  onToChange: (to: string) => void;
}) {
  const { mta, onMtaChange, to, onToChange } = props;
  const [debouncedTo] = useDebouncedValue(to.trim(), 300);
  // The "unknown" guide is fetched for its list of MTAs when none is chosen yet.
  const guide = useCall(
    'relocation.guide',
    { mta: mta ?? 'unknown', to: debouncedTo === '' ? undefined : debouncedTo },
    { placeholderData: keepPreviousData, retry: false },
  );
  const available = guide.data?.available ?? [];

  return (
    <Card withBorder>
      <Stack>
        <div>
          <Title order={4}>2. Move it to another port</Title>
          <Text size="sm" c="dimmed">
            Port 25 is where other servers deliver mail, so Lyre takes it, and the machine's own mail server
            moves to a port on 127.0.0.1. Lyre forwards it the mail that is not for a list.
          </Text>
        </div>
        <Group align="flex-end">
          <Select
            label="Mail server software"
            description="detected, or chosen here"
            placeholder="Detect it above, or choose"
            data={available.map((entry) => ({ value: entry.id, label: entry.name }))}
            value={mta}
            onChange={(value) => value && onMtaChange(value as MtaId)}
            allowDeselect={false}
            w={260}
          />
          <TextInput
            label="Move it to"
            description="host:port on this machine"
            placeholder="127.0.0.1:2525"
            value={to}
            onChange={(event) => onToChange(event.currentTarget.value)}
            w={260}
          />
        </Group>
        <ErrorAlert error={guide.error} title="The guide could not be shown" />
        {mta === null && (
          <Text size="sm" c="dimmed">
            No mail server chosen. Press Detect above to find the one on port 25, or choose its software here
            to see the steps.
          </Text>
        )}
        {mta !== null && !guide.error && guide.data?.guide && <Guide guide={guide.data.guide} />}
      </Stack>
    </Card>
  );
}
