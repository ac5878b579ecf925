import { Badge, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import type { RelayView } from '../../../../engine/api/contract.ts';
import { useAction } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatAgo, formatTime } from '../../format.ts';

function stateBadge(relay: RelayView) {
  if (relay.reachable === true) return { color: 'green', label: 'Reachable' };
  if (relay.reachable === false) return { color: 'red', label: 'Down' };
  return { color: 'gray', label: 'Not checked yet' };
}

/**
 * Show the relocated MTA as Lyre last found it, with a button that connects to it now.
 * `withLink` adds a link to the Mail server screen, for the dashboard.
 */
export function RelayStatusCard({ relay, withLink = false }: { relay: RelayView; withLink?: boolean }) {
  const check = useAction('relocation.checkRelay', ['server.status']);
  const badge = stateBadge(relay);

  return (
    <Card withBorder data-testid="relay-status">
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={4}>Relocated mail server</Title>
            <Code>{relay.host}</Code>
            <Badge color={badge.color} variant="light" data-testid="relay-state">
              {badge.label}
            </Badge>
          </Group>
          <Group gap="xs">
            <Button size="xs" variant="light" loading={check.isPending} onClick={() => check.mutate({})}>
              Check now
            </Button>
            {withLink && (
              <Button size="xs" variant="subtle" component={Link} to="/mail-server">
                Mail server settings
              </Button>
            )}
          </Group>
        </Group>
        {relay.reachable === false && (
          <Text size="sm" c="red" data-testid="relay-error">
            {relay.lastError}
          </Text>
        )}
        {relay.reachable === false && (
          <Text size="sm">
            Mail for addresses Lyre does not own gets a temporary failure (4xx), so senders retry until it
            answers again.
          </Text>
        )}
        {relay.checkedAt === null ? (
          <Text size="sm" c="dimmed">
            Lyre connects to it when it forwards the first message for another address. Press Check now to
            connect at once.
          </Text>
        ) : (
          <Text size="sm" c="dimmed" title={formatTime(relay.checkedAt)}>
            Last connection {formatAgo(relay.checkedAt)}.
          </Text>
        )}
        <ErrorAlert error={check.error} title="The check did not run" />
      </Stack>
    </Card>
  );
}
