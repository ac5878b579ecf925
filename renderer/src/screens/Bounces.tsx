import { useState } from 'react';
import { Badge, Button, Code, Drawer, Group, Pagination, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';

import type { HeldMember } from '../../../engine/api/contract.ts';
import { useAction, useCall } from '../api.ts';
import { client } from '../client.ts';
import { Empty } from '../components/Empty.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatNumber, formatTime } from '../format.ts';

const pageSize = 50;

function RawMessage({ bounceId }: { bounceId: number }) {
  const [raw, setRaw] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (raw !== null) return <Code block>{raw}</Code>;
  return (
    <>
      <Button size="xs" variant="subtle" onClick={() => client.call('bounces.raw', { bounceId }).then((r) => setRaw(r.raw), setError)}>
        Show the returned message
      </Button>
      <ErrorAlert error={error} />
    </>
  );
}

function History({ member, onClose }: { member: HeldMember | null; onClose: () => void }) {
  const history = useCall('bounces.history', { memberId: member?.id ?? 1 }, { enabled: member !== null });
  return (
    <Drawer opened={member !== null} onClose={onClose} position="right" size="xl" title={`Bounce history of ${member?.email ?? ''}`}>
      <ErrorAlert error={history.error} />
      {history.data?.length === 0 && <Text c="dimmed">No bounce is recorded for this member.</Text>}
      <Stack>
        {history.data?.map((bounce) => (
          <Stack key={bounce.id} gap={4} p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}>
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {formatTime(bounce.receivedAt)}
              </Text>
              {bounce.kind && <Badge color={bounce.kind === 'hard' ? 'red' : 'orange'}>{bounce.kind}</Badge>}
              <Badge variant="outline">{bounce.source === 'smtp' ? 'SMTP reply' : 'bounce message'}</Badge>
              {!bounce.counted && <Badge color="gray">not counted</Badge>}
            </Group>
            <Text size="sm">{bounce.reason ?? 'unclassified'}</Text>
            {bounce.detail && (
              <Code block>
                {bounce.replyCode ? `${bounce.replyCode} ` : ''}
                {bounce.detail}
              </Code>
            )}
            {bounce.hasRaw && <RawMessage bounceId={bounce.id} />}
          </Stack>
        ))}
      </Stack>
    </Drawer>
  );
}

/** Held members with why they are held, their history, and one-click reinstate. */
export function BouncesScreen() {
  const lists = useCall('lists.list', {});
  const [listId, setListId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [page, setPage] = useState(1);
  const [viewing, setViewing] = useState<HeldMember | null>(null);
  const held = useCall('bounces.held', {
    listId: listId ? Number(listId) : undefined,
    search: debounced || undefined,
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  const reinstate = useAction('bounces.reinstate', ['bounces.held', 'lists.list', 'members.query']);
  const total = held.data?.total ?? 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Bounces</Title>
        <Group>
          <TextInput placeholder="Search address or name" value={search} onChange={(e) => setSearch(e.currentTarget.value)} aria-label="Search held members" />
          <Select
            placeholder="All lists"
            data={(lists.data ?? []).map((l) => ({ value: String(l.id), label: l.name }))}
            value={listId}
            onChange={setListId}
            clearable
            aria-label="List filter"
          />
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Members are held after repeated bounces and receive no posts until they are reinstated or re-activate themselves
        by mailing unhold@.
      </Text>
      <ErrorAlert error={held.error} title="The held members could not be loaded" />
      <ErrorAlert error={reinstate.error} title="Reinstate failed" />
      {held.data && total === 0 && (
        <Empty title="No member is held">
          {debounced || listId ? 'No held member matches these filters.' : 'Every member is receiving mail. Held members appear here with the last error their mail server returned.'}
        </Empty>
      )}
      {held.data && total > 0 && (
        <>
          <Text size="sm" data-testid="held-total">
            {formatNumber(total)} held members
          </Text>
          <ScrollArea>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Member</Table.Th>
                  <Table.Th>List</Table.Th>
                  <Table.Th ta="right">Bounces</Table.Th>
                  <Table.Th>Held since</Table.Th>
                  <Table.Th>Last reason</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {held.data.members.map((member) => (
                  <Table.Tr key={member.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {member.email}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {member.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{member.listName}</Table.Td>
                    <Table.Td ta="right">{member.bounceCount}</Table.Td>
                    <Table.Td>{formatTime(member.statusAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{member.lastReason ?? '—'}</Text>
                      {member.lastDetail && (
                        <Text size="xs" c="dimmed" ff="monospace" lineClamp={1}>
                          {member.lastDetail}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setViewing(member)}>
                          History
                        </Button>
                        <Button
                          size="xs"
                          color="green"
                          variant="light"
                          loading={reinstate.isPending && reinstate.variables?.memberId === member.id}
                          onClick={() =>
                            reinstate.mutate(
                              { memberId: member.id },
                              { onSuccess: () => notifications.show({ color: 'green', message: `${member.email} reinstated.` }) },
                            )
                          }
                          aria-label={`Reinstate ${member.email}`}
                        >
                          Reinstate
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          {total > pageSize && <Pagination total={Math.ceil(total / pageSize)} value={page} onChange={setPage} />}
        </>
      )}
      <History member={viewing} onClose={() => setViewing(null)} />
    </Stack>
  );
}
