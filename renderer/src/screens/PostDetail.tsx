import { useEffect, useState } from 'react';
import { Badge, Button, Card, Code, Group, Modal, Pagination, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';

import type { DeliveryStatusValue, DeliveryView } from '../../../engine/api/contract.ts';
import { useAction, useAdminEvent, useCall } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PostProgressBar } from '../components/PostProgressBar.tsx';
import { formatNumber, formatTime } from '../format.ts';
import { stateColors } from './Posts.tsx';

const pageSize = 100;
const deliveryColors: Record<DeliveryStatusValue, string> = { queued: 'gray', deferred: 'orange', delivered: 'green', failed: 'red' };

/** Put the reply code in front of the reply text, unless the text already starts with it. */
function withCode(code: number | null, reply: string): string {
  return code === null || reply.startsWith(String(code)) ? reply : `${code} ${reply}`;
}

function Attempts({ delivery, onClose }: { delivery: DeliveryView | null; onClose: () => void }) {
  const attempts = useCall('posts.attempts', { deliveryId: delivery?.id ?? 1 }, { enabled: delivery !== null });
  return (
    <Modal opened={delivery !== null} onClose={onClose} title={`Attempts for ${delivery?.rcpt ?? ''}`} size="lg">
      <ErrorAlert error={attempts.error} />
      {attempts.data?.length === 0 && <Text c="dimmed">No attempt yet; the copy is waiting in the queue.</Text>}
      <Stack>
        {attempts.data?.map((attempt, index) => (
          <Card key={index} withBorder padding="sm">
            <Group>
              <Badge variant="light">{attempt.action}</Badge>
              <Text size="sm">{formatTime(attempt.at)}</Text>
              <Text size="sm" c="dimmed">
                {attempt.remoteHost ?? ''}
              </Text>
            </Group>
            {attempt.reply && (
              <Code block mt="xs">
                {withCode(attempt.replyCode, attempt.reply)}
              </Code>
            )}
          </Card>
        ))}
      </Stack>
    </Modal>
  );
}

/** Show one post's progress and the result for each recipient, with filters and resend to failed. */
export function PostDetailScreen() {
  const postId = Number(useParams().postId);
  const [status, setStatus] = useState<string>('all');
  const [domain, setDomain] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<DeliveryView | null>(null);
  const queryClient = useQueryClient();
  const post = useCall('posts.get', { postId });
  const deliveries = useCall(
    'posts.deliveries',
    {
      postId,
      status: status === 'all' ? undefined : (status as DeliveryStatusValue),
      domain: domain ?? undefined,
      search: debounced || undefined,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    },
    { placeholderData: keepPreviousData },
  );
  const resend = useAction('posts.resendFailed', ['posts.get', 'posts.deliveries', 'posts.list']);
  useEffect(() => setPage(1), [status, domain, debounced]);
  useAdminEvent('post.progress', (event) => {
    if (event.postId !== postId) return;
    void queryClient.invalidateQueries({ queryKey: ['posts.get'] });
    void queryClient.invalidateQueries({ queryKey: ['posts.deliveries'] });
  });

  if (post.error) return <ErrorAlert error={post.error} title="The post could not be loaded" />;
  if (!post.data) return null;
  const p = post.data;
  const total = deliveries.data?.total ?? 0;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>{p.subject || '(no subject)'}</Title>
          <Text size="sm" c="dimmed">
            From {p.sender} to {p.listName ?? 'a deleted list'}, received {formatTime(p.createdAt)}
            {p.finishedAt ? `, finished ${formatTime(p.finishedAt)}` : ''}
          </Text>
        </Stack>
        <Group>
          <Badge size="lg" color={stateColors[p.state]} data-testid="post-state">
            {p.state}
          </Badge>
          <Button
            color="orange"
            variant="light"
            disabled={p.progress.failed === 0}
            loading={resend.isPending}
            onClick={() =>
              resend.mutate({ postId }, { onSuccess: (r) => notifications.show({ message: `${r.requeued} failed copies queued again.` }) })
            }
          >
            Resend to failed ({p.progress.failed})
          </Button>
        </Group>
      </Group>
      <ErrorAlert error={resend.error} title="Resend failed" />
      <Card withBorder>
        <PostProgressBar progress={p.progress} withLabels />
      </Card>
      <Group>
        <SegmentedControl
          value={status}
          onChange={setStatus}
          data={[
            { value: 'all', label: 'All' },
            { value: 'delivered', label: 'Delivered' },
            { value: 'deferred', label: 'Deferred' },
            { value: 'failed', label: 'Failed' },
            { value: 'queued', label: 'Queued' },
          ]}
          aria-label="Delivery status filter"
        />
        <Select
          placeholder="Any domain"
          data={(deliveries.data?.domains ?? []).map((d) => ({ value: d.domain, label: `${d.domain} (${d.count})` }))}
          value={domain}
          onChange={setDomain}
          clearable
          searchable
          aria-label="Domain filter"
          w={240}
        />
        <TextInput placeholder="Search recipient" value={search} onChange={(e) => setSearch(e.currentTarget.value)} aria-label="Search recipient" />
        <Text size="sm" c="dimmed" data-testid="delivery-total">
          {formatNumber(total)} recipients
        </Text>
      </Group>
      <ErrorAlert error={deliveries.error} title="The deliveries could not be loaded" />
      {deliveries.data && total === 0 && <Text c="dimmed">No recipient matches these filters.</Text>}
      {deliveries.data && total > 0 && (
        <>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Recipient</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Attempts</Table.Th>
                <Table.Th>Last attempt</Table.Th>
                <Table.Th>Remote reply</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.data.deliveries.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setSelected(d)} aria-label={`Attempts for ${d.rcpt}`}>
                      {d.rcpt}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={deliveryColors[d.status]} variant="light">
                      {d.status}
                    </Badge>
                    {d.status === 'deferred' && (
                      <Text size="xs" c="dimmed">
                        next {formatTime(d.nextAttemptAt)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{d.attempts}</Table.Td>
                  <Table.Td>{formatTime(d.lastAttemptAt)}</Table.Td>
                  <Table.Td>
                    {d.reply ? (
                      <Text size="xs" ff="monospace" lineClamp={2}>
                        {withCode(d.replyCode, d.reply)}
                        {d.remoteHost ? ` (${d.remoteHost})` : ''}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {total > pageSize && <Pagination total={Math.ceil(total / pageSize)} value={page} onChange={setPage} />}
        </>
      )}
      <Attempts delivery={selected} onClose={() => setSelected(null)} />
    </Stack>
  );
}
