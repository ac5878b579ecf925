import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';

import { useAction, useCall } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { RelayStatusCard } from './RelayStatusCard.tsx';

/**
 * Edit relay.host and relay.domains. Saving connects to the new relay.host at once,
 * so the state below shows whether forwarding can work. `suggestion` (a verified
 * address) replaces the relay.host field each time it is set.
 */
export function RelaySettingsPanel({ suggestion }: { suggestion: { address: string } | null }) {
  const settings = useCall('settings.get', {});
  const status = useCall('server.status', {}, { refetchInterval: 5_000 });
  const update = useAction('settings.update', ['settings.get', 'server.status']);
  const check = useAction('relocation.checkRelay', ['server.status']);
  const [host, setHost] = useState('');
  const [domains, setDomains] = useState('');

  const savedHost = settings.data?.values['relay.host'] ?? '';
  const savedDomains = settings.data?.values['relay.domains'] ?? '';
  useEffect(() => {
    setHost(savedHost);
    setDomains(savedDomains);
  }, [savedHost, savedDomains]);
  useEffect(() => {
    if (suggestion) setHost(suggestion.address);
  }, [suggestion]);

  if (settings.error) return <ErrorAlert error={settings.error} title="The settings could not be loaded" />;
  if (!settings.data) return null;
  const why = (key: string) => settings.data.definitions.find((d) => d.key === key)?.why;
  const changes: Record<string, string> = {};
  if (host !== savedHost) changes['relay.host'] = host.trim();
  if (domains !== savedDomains) changes['relay.domains'] = domains.trim();
  const changed = Object.keys(changes).length;

  function save() {
    update.mutate(
      { changes },
      {
        onSuccess: (view) => {
          notifications.show({ color: 'green', message: 'Forwarding settings saved.' });
          if (view.values['relay.host'] !== '') check.mutate({});
        },
      },
    );
  }

  return (
    <Card withBorder>
      <Stack>
        <div>
          <Title order={4}>4. Forward mail to it</Title>
          <Text size="sm" c="dimmed">
            Mail for addresses that are not Lyre's goes to this address with its original envelope. Leave
            relay.host empty to reject such mail instead.
          </Text>
        </div>
        <TextInput
          label="relay.host"
          description={why('relay.host')}
          placeholder="127.0.0.1:2525"
          value={host}
          onChange={(event) => setHost(event.currentTarget.value)}
        />
        <TextInput
          label="relay.domains"
          description={why('relay.domains')}
          placeholder="example.org, example.net"
          value={domains}
          onChange={(event) => setDomains(event.currentTarget.value)}
        />
        {host.trim() !== '' && domains.trim() === '' && (
          <Alert color="yellow" title="No domains to forward for">
            With relay.domains empty, every recipient that is not Lyre's is rejected with 550, so nothing is
            forwarded.
          </Alert>
        )}
        <ErrorAlert error={update.error} title="The forwarding settings were not saved" />
        <ErrorAlert error={check.error} title="The relocated mail server could not be checked" />
        <Group>
          <Button onClick={save} disabled={changed === 0} loading={update.isPending || check.isPending}>
            Save forwarding settings
          </Button>
          <Button
            variant="default"
            disabled={changed === 0}
            onClick={() => {
              setHost(savedHost);
              setDomains(savedDomains);
            }}
          >
            Discard
          </Button>
        </Group>
        {savedHost !== '' && status.data && status.data.relay.host === savedHost && (
          <RelayStatusCard relay={status.data.relay} />
        )}
        {savedHost === '' && (
          <Text size="sm" c="dimmed">
            Forwarding is off: Lyre rejects mail for addresses it does not own.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
