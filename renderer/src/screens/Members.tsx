import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Group, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';

import type { MemberStatusValue, MemberView, DeliveryModeValue } from '../../../engine/api/contract.ts';
import { useCall } from '../api.ts';
import { client } from '../client.ts';
import { Empty } from '../components/Empty.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatDate, formatNumber } from '../format.ts';
import { deliveryModeOptions, memberStatusOptions, statusColor } from '../options.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { MemberDialog } from './MemberDialog.tsx';

const pageSize = 50;
type Sort = 'email' | 'name' | 'joined' | 'status';

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

/** Show the members of one list with server-side paging, search and filters, and the add, edit, import and export actions. */
export function MembersScreen() {
  const params = useParams();
  const navigate = useNavigate();
  const lists = useCall('lists.list', {});
  const listId = params.listId ? Number(params.listId) : undefined;

  useEffect(() => {
    if (listId === undefined && lists.data?.[0]) navigate(`/members/${lists.data[0].id}`, { replace: true });
  }, [listId, lists.data, navigate]);

  if (lists.error) return <ErrorAlert error={lists.error} title="The lists could not be loaded" />;
  if (lists.data && lists.data.length === 0) {
    return (
      <Empty title="No lists yet" action={<Button onClick={() => navigate('/lists')}>Go to lists</Button>}>
        Members belong to a list. Create a list first, then come back here to add or import members.
      </Empty>
    );
  }
  if (listId === undefined || !lists.data) return null;
  return <MemberTable key={listId} listId={listId} lists={lists.data.map((l) => ({ value: String(l.id), label: `${l.name}@${l.host}` }))} />;
}

function MemberTable({ listId, lists }: { listId: number; lists: { value: string; label: string }[] }) {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [status, setStatus] = useState<MemberStatusValue | null>(null);
  const [mode, setMode] = useState<DeliveryModeValue | null>(null);
  const [sort, setSort] = useState<Sort>('email');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<MemberView | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => searchRef.current?.focus()]]);

  useEffect(() => setPage(1), [debounced, status, mode, sort]);
  const members = useCall(
    'members.query',
    { listId, search: debounced || undefined, status: status ?? undefined, mode: mode ?? undefined, sort, offset: (page - 1) * pageSize, limit: pageSize },
    { placeholderData: keepPreviousData },
  );
  const total = members.data?.total ?? 0;
  const filtered = Boolean(debounced || status || mode);

  async function exportCsv() {
    setExportError(null);
    try {
      const result = await client.call('members.export', { listId, status: status ?? undefined });
      download(result.filename, result.csv);
    } catch (error) {
      setExportError(error);
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>Members</Title>
          <Select data={lists} value={String(listId)} onChange={(v) => v && navigate(`/members/${v}`)} allowDeselect={false} aria-label="List" w={280} />
        </Group>
        <Group>
          <Button onClick={() => setEditing('new')}>Add member</Button>
          <Button variant="light" onClick={() => setImporting(true)}>
            Import
          </Button>
          <Button variant="default" onClick={() => void exportCsv()}>
            Export CSV
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={exportError} title="The export failed" />
      <Group>
        <TextInput
          ref={searchRef}
          placeholder="Search address or name (press /)"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
          aria-label="Search members"
        />
        <Select placeholder="Any status" data={memberStatusOptions} value={status} onChange={(v) => setStatus(v as MemberStatusValue | null)} clearable w={180} aria-label="Status filter" />
        <Select placeholder="Any delivery" data={deliveryModeOptions} value={mode} onChange={(v) => setMode(v as DeliveryModeValue | null)} clearable w={160} aria-label="Delivery filter" />
        <Select
          data={[
            { value: 'email', label: 'Sort by address' },
            { value: 'name', label: 'Sort by name' },
            { value: 'joined', label: 'Sort by join date' },
            { value: 'status', label: 'Sort by status' },
          ]}
          value={sort}
          onChange={(v) => v && setSort(v as Sort)}
          allowDeselect={false}
          w={180}
          aria-label="Sort"
        />
        <Text c="dimmed" size="sm" data-testid="member-total">
          {formatNumber(total)} {filtered ? 'matching' : ''} members
        </Text>
      </Group>
      <ErrorAlert error={members.error} title="The members could not be loaded" />
      {members.data && total === 0 && !filtered && (
        <Empty
          title="This list has no members yet"
          action={
            <Group>
              <Button onClick={() => setEditing('new')}>Add a member</Button>
              <Button variant="light" onClick={() => setImporting(true)}>
                Import from CSV
              </Button>
            </Group>
          }
        >
          Add members one by one, or import a CSV file or a pasted list of addresses.
        </Empty>
      )}
      {members.data && total === 0 && filtered && <Text c="dimmed">No member matches these filters; clear the search or a filter.</Text>}
      {members.data && total > 0 && (
        <>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Address</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Delivery</Table.Th>
                <Table.Th>Joined</Table.Th>
                <Table.Th ta="right">Bounces</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.data.members.map((member) => (
                <Table.Tr key={member.id}>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setEditing(member)} aria-label={`Edit ${member.email}`}>
                      {member.email}
                    </Button>
                  </Table.Td>
                  <Table.Td>{member.name}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor(member.status)} variant="light">
                      {member.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{member.mode}</Table.Td>
                  <Table.Td>{formatDate(member.joinedAt)}</Table.Td>
                  <Table.Td ta="right">{member.bounceCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {formatNumber((page - 1) * pageSize + 1)}–{formatNumber(Math.min(page * pageSize, total))} of {formatNumber(total)}
            </Text>
            <Pagination total={Math.ceil(total / pageSize)} value={page} onChange={setPage} siblings={1} />
          </Group>
        </>
      )}
      <MemberDialog listId={listId} member={editing} onClose={() => setEditing(null)} />
      <ImportDialog listId={listId} opened={importing} onClose={() => setImporting(false)} />
    </Stack>
  );
}
