import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';

import type { DetectView } from '../../../../engine/api/contract.ts';
import { useAction } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

/** Alert colour per outcome: a free port is good news, a recognised server is information. */
const outcomeColors: Record<DetectView['outcome'], string> = {
  smtp: 'blue',
  'nothing-listening': 'green',
  'not-smtp': 'yellow',
  timeout: 'yellow',
  unreachable: 'red',
};

function DetectResult({ result }: { result: DetectView }) {
  const rows: [string, string][] = [];
  if (result.software) {
    rows.push(['Software', result.software.name]);
    rows.push(['Version', result.software.version ?? 'not shown in the banner']);
  }
  if (result.greeting) rows.push(['Banner', `${result.greeting.code} ${result.greeting.lines.join(' / ')}`]);
  if (result.extensions.length > 0) rows.push(['Extensions', result.extensions.join(' ')]);
  if (result.received) rows.push(['Received', result.received]);
  if (result.detail && result.outcome !== 'smtp') rows.push(['Error', result.detail]);
  rows.push(['Probe time', `${result.elapsedMs} ms`]);

  return (
    <Alert color={outcomeColors[result.outcome]} title={result.summary} data-testid="detect-result">
      <Stack gap="xs">
        {result.outcome === 'nothing-listening' && (
          <Text size="sm">
            No mail server needs to move from this address. If this is port 25, Lyre can take it as it is.
          </Text>
        )}
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={110}>{label}</Table.Th>
                <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Alert>
  );
}

/** Probe an address of this machine (127.0.0.1:25 unless changed) and show what listens there. */
export function DetectPanel({ onDetected }: { onDetected: (result: DetectView) => void }) {
  const [address, setAddress] = useState('127.0.0.1:25');
  const detect = useAction('relocation.detect');

  function run() {
    detect.mutate({ address }, { onSuccess: onDetected });
  }

  return (
    <Card withBorder>
      <Stack>
        <div>
          <Title order={4}>1. Find the mail server on port 25</Title>
          <Text size="sm" c="dimmed">
            Lyre connects, reads the greeting and the EHLO reply, and names the software. Only addresses of
            this machine (127.0.0.1, ::1, localhost) can be probed.
          </Text>
        </div>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            run();
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Address to probe"
              description="host:port"
              value={address}
              onChange={(event) => setAddress(event.currentTarget.value)}
              w={260}
            />
            <Button type="submit" loading={detect.isPending}>
              Detect
            </Button>
          </Group>
        </form>
        <ErrorAlert error={detect.error} title="Detection failed" />
        {detect.data && <DetectResult result={detect.data} />}
        {!detect.data && !detect.error && (
          <Text size="sm" c="dimmed">
            Nothing probed yet. Press Detect to see which mail server listens on port 25 of this machine.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
