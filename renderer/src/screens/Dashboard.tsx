import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import type { ServerStatus } from '../../../engine/api/contract.ts';
import { useAction, useCall } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatNumber, formatTime, levelNames } from '../format.ts';
import { CommandBlock } from './relocation/CommandBlock.tsx';
import { RelayStatusCard } from './relocation/RelayStatusCard.tsx';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

/** Show the listener's fix, whose first line is advice and whose later lines are commands to copy. */
function BindFix({ fix }: { fix: string | null }) {
  if (!fix) return null;
  const [advice = '', ...commands] = fix.split('\n');
  return (
    <>
      <Text size="sm">{advice}</Text>
      {commands.length > 0 && <CommandBlock lines={commands} label="Copy the commands of the fix" />}
    </>
  );
}

function PortWarning({ status }: { status: ServerStatus }) {
  const smtp = status.smtp;
  if (smtp.fallback) {
    return (
      <Alert color="yellow" title={`Port ${smtp.requestedPort} is not available; Lyre listens on ${smtp.port}`} data-testid="port-warning">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {smtp.bindError}
          </Text>
          <BindFix fix={smtp.fix} />
          <Text size="sm">Other mail servers deliver to port {smtp.requestedPort}, so list mail does not arrive until this is fixed.</Text>
        </Stack>
      </Alert>
    );
  }
  if (!smtp.listening && smtp.bindError) {
    return (
      <Alert color="red" title="The SMTP server could not start" data-testid="port-warning">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {smtp.bindError}
          </Text>
          <BindFix fix={smtp.fix} />
        </Stack>
      </Alert>
    );
  }
  return null;
}

function ActivityChart() {
  const activity = useCall('server.activity', { days: 14 }, { refetchInterval: 60_000 });
  if (activity.error) return <ErrorAlert error={activity.error} title="Activity could not be loaded" />;
  const data = (activity.data ?? []).map((day) => ({
    ...day,
    label: new Date(day.day).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }),
  }));
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        Deliveries and bounces, last 14 days
      </Title>
      <div style={{ width: '100%', height: 240 }} aria-label="Deliveries and bounces per day">
        <ResponsiveContainer>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            <Bar dataKey="delivered" name="Delivered" fill="#2f9e44" stackId="a" />
            <Bar dataKey="deferred" name="Deferred" fill="#f08c00" stackId="a" />
            <Bar dataKey="failed" name="Failed" fill="#e03131" stackId="a" />
            <Bar dataKey="bounces" name="Bounces" fill="#7048e8" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

export function DashboardScreen() {
  const status = useCall('server.status', {}, { refetchInterval: 5_000 });
  const start = useAction('server.startSmtp', ['server.status']);
  const stop = useAction('server.stopSmtp', ['server.status']);
  const s = status.data;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Dashboard</Title>
        {s && (
          <Group>
            <Badge size="lg" color={s.smtp.listening ? 'green' : 'red'} data-testid="smtp-state">
              {s.smtp.listening ? 'Running' : 'Stopped'}
            </Badge>
            {s.smtp.listening ? (
              <Button color="red" variant="light" loading={stop.isPending} onClick={() => stop.mutate({})}>
                Stop SMTP server
              </Button>
            ) : (
              <Button color="green" loading={start.isPending} onClick={() => start.mutate({})}>
                Start SMTP server
              </Button>
            )}
          </Group>
        )}
      </Group>
      <ErrorAlert error={status.error} title="The server status could not be loaded" />
      <ErrorAlert error={start.error} title="The SMTP server did not start" />
      <ErrorAlert error={stop.error} title="The SMTP server did not stop" />
      {s && (
        <>
          <PortWarning status={s} />
          {s.relay.host !== '' && <RelayStatusCard relay={s.relay} withLink />}
          <SimpleGrid cols={4}>
            <Stat label="SMTP port" value={s.smtp.port ? String(s.smtp.port) : '—'} hint={`configured: ${s.smtp.requestedPort}`} />
            <Stat label="HTTP port" value={s.http.port ? String(s.http.port) : '—'} hint={s.http.bindError ?? undefined} />
            <Stat label="Queue" value={formatNumber(s.queueSize)} hint="copies waiting or deferred" />
            <Stat label="Deliveries per minute" value={formatNumber(s.deliveriesPerMinute)} hint={`mode: ${s.deliveryMode}`} />
          </SimpleGrid>
          <ActivityChart />
          <Card withBorder>
            <Title order={4} mb="sm">
              Recent errors and warnings
            </Title>
            {s.recentErrors.length === 0 ? (
              <Text c="dimmed">No errors or warnings since the engine started.</Text>
            ) : (
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Level</Table.Th>
                    <Table.Th>Subsystem</Table.Th>
                    <Table.Th>Message</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...s.recentErrors].reverse().slice(0, 10).map((line, index) => (
                    <Table.Tr key={index}>
                      <Table.Td>{formatTime(line.time)}</Table.Td>
                      <Table.Td>{levelNames[line.level] ?? line.level}</Table.Td>
                      <Table.Td>{line.subsystem ?? ''}</Table.Td>
                      <Table.Td>{line.msg}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
          <Text size="xs" c="dimmed">
            Engine pid {s.pid}, started {formatTime(s.startedAt)}, data folder {s.dataDir}
          </Text>
        </>
      )}
    </Stack>
  );
}
