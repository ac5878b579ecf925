import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';

import type { VerifyView } from '../../../../engine/api/contract.ts';
import { useAction } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatHostPort } from './CommandBlock.tsx';

function VerifyResult({ result, onUse }: { result: VerifyView; onUse: (address: string) => void }) {
  const address = formatHostPort(result);
  const greeting = result.detect.greeting;
  return (
    <Alert
      color={result.ok ? 'green' : 'red'}
      title={result.ok ? 'Verified' : 'Not verified'}
      data-testid="verify-result"
    >
      <Stack gap="xs">
        <Text size="sm">{result.message}</Text>
        {greeting && (
          <Text size="sm" c="dimmed">
            Banner: {greeting.code} {greeting.lines.join(' / ')}
          </Text>
        )}
        {result.ok && (
          <Group>
            <Button size="xs" variant="light" onClick={() => onUse(address)}>
              Forward to {address}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/** Check that the relocated MTA greets at its new address; `onUse` copies a verified address into the forwarding settings. */
export function VerifyPanel({ suggested, onUse }: { suggested: string; onUse: (address: string) => void }) {
  const [address, setAddress] = useState<string | null>(null);
  const verify = useAction('relocation.verify');
  const value = address ?? suggested;

  return (
    <Card withBorder>
      <Stack>
        <div>
          <Title order={4}>3. Verify the new address</Title>
          <Text size="sm" c="dimmed">
            After the steps above, the mail server must greet at its new address as a server other than Lyre.
          </Text>
        </div>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            verify.mutate({ address: value });
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Relocated address"
              description="host:port on this machine"
              placeholder="127.0.0.1:2525"
              value={value}
              onChange={(event) => setAddress(event.currentTarget.value)}
              w={260}
            />
            <Button type="submit" loading={verify.isPending} disabled={value.trim() === ''}>
              Verify
            </Button>
          </Group>
        </form>
        <ErrorAlert error={verify.error} title="Verification failed" />
        {verify.data && <VerifyResult result={verify.data} onUse={onUse} />}
        {!verify.data && !verify.error && (
          <Text size="sm" c="dimmed">
            Not verified yet. Enter the address the mail server listens on now and press Verify.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
