import { useState } from 'react';
import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import { useCall } from '../api.ts';
import { Empty } from '../components/Empty.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatNumber } from '../format.ts';
import { CreateListWizard } from './CreateListWizard.tsx';

export function ListsScreen() {
  const lists = useCall('lists.list', {});
  const [creating, setCreating] = useState(false);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Lists</Title>
        <Button onClick={() => setCreating(true)}>Create list</Button>
      </Group>
      <ErrorAlert error={lists.error} title="The lists could not be loaded" />
      {lists.data && lists.data.length === 0 && (
        <Empty title="No lists yet" action={<Button onClick={() => setCreating(true)}>Create your first list</Button>}>
          A list has a name and a host, such as team@lists.example.org. Create one, then add members by hand or import
          them from a CSV file.
        </Empty>
      )}
      {lists.data && lists.data.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Address</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Joining</Table.Th>
              <Table.Th ta="right">Members</Table.Th>
              <Table.Th ta="right">Held</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lists.data.map((list) => (
              <Table.Tr key={list.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/lists/${list.id}`} fw={600}>
                    {list.name}@{list.host}
                  </Anchor>
                  {list.settings.description && (
                    <Text size="xs" c="dimmed">
                      {list.settings.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light">{list.type}</Badge>
                </Table.Td>
                <Table.Td>{list.settings.joinPolicy}</Table.Td>
                <Table.Td ta="right">{formatNumber(list.members)}</Table.Td>
                <Table.Td ta="right">{list.held > 0 ? <Badge color="orange">{formatNumber(list.held)}</Badge> : '0'}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button size="xs" variant="light" component={Link} to={`/members/${list.id}`}>
                      Members
                    </Button>
                    <Button size="xs" variant="subtle" component={Link} to={`/lists/${list.id}`}>
                      Settings
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <CreateListWizard opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
