import { useState } from 'react';
import { Anchor, Badge, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';

import { useAdminEvent, useCall } from '../api.ts';
import { Empty } from '../components/Empty.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PostProgressBar } from '../components/PostProgressBar.tsx';
import { formatTime } from '../format.ts';

export const stateColors = { fanout: 'gray', sending: 'blue', done: 'green' } as const;

/** Recent posts and notices with their delivery progress, updated live. */
export function PostsScreen() {
  const [listId, setListId] = useState<string | null>(null);
  const [kind, setKind] = useState<'post' | 'notice'>('post');
  const lists = useCall('lists.list', {});
  const posts = useCall('posts.list', { listId: listId ? Number(listId) : undefined, kind, limit: 100 });
  const queryClient = useQueryClient();
  useAdminEvent('post.progress', () => void queryClient.invalidateQueries({ queryKey: ['posts.list'] }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Posts and deliveries</Title>
        <Group>
          <Select
            data={[
              { value: 'post', label: 'List posts' },
              { value: 'notice', label: 'Notices and replies' },
            ]}
            value={kind}
            onChange={(v) => v && setKind(v as 'post' | 'notice')}
            allowDeselect={false}
            aria-label="Kind"
            w={200}
          />
          <Select
            placeholder="All lists"
            data={(lists.data ?? []).map((l) => ({ value: String(l.id), label: l.name }))}
            value={listId}
            onChange={setListId}
            clearable
            aria-label="List filter"
            w={200}
          />
        </Group>
      </Group>
      <ErrorAlert error={posts.error} title="The posts could not be loaded" />
      {posts.data && posts.data.posts.length === 0 && (
        <Empty title="Nothing sent yet">
          Posts appear here as soon as someone mails a list address, such as team@your-host. Each shows its delivery
          progress and the result for every recipient.
        </Empty>
      )}
      {posts.data && posts.data.posts.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Subject</Table.Th>
              <Table.Th>List</Table.Th>
              <Table.Th>Sender</Table.Th>
              <Table.Th>Received</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th w={220}>Progress</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {posts.data.posts.map((post) => (
              <Table.Tr key={post.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/posts/${post.id}`}>
                    {post.subject || '(no subject)'}
                  </Anchor>
                </Table.Td>
                <Table.Td>{post.listName ?? '—'}</Table.Td>
                <Table.Td>{post.sender}</Table.Td>
                <Table.Td>{formatTime(post.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge color={stateColors[post.state]} variant="light" data-testid={`post-state-${post.id}`}>
                    {post.state}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <PostProgressBar progress={post.progress} />
                  <Text size="xs" c="dimmed">
                    {post.progress.delivered}/{post.progress.total} delivered, {post.progress.failed} failed
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
