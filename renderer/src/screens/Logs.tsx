import { useState } from 'react';
import { Badge, Code, Group, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';

import type { LogLine } from '../../../engine/api/contract.ts';
import { useAdminEvent, useCall } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatTime, levelColors, levelNames } from '../format.ts';

const hidden = new Set(['level', 'time', 'msg', 'subsystem', 'pid', 'hostname']);

function details(line: LogLine): string {
  return Object.entries(line)
    .filter(([key]) => !hidden.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' ');
}

/** Show the engine's recent log lines, newest first, and add new lines as they are written. */
export function LogsScreen() {
  const [minLevel, setMinLevel] = useState('30');
  const [filter, setFilter] = useState('');
  const input = { limit: 500, minLevel: Number(minLevel) };
  const logs = useCall('logs.recent', input);
  const queryClient = useQueryClient();
  useAdminEvent('log', (line) => {
    if (line.level < input.minLevel) return;
    queryClient.setQueryData<LogLine[]>(['logs.recent', input], (lines) => [...(lines ?? []), line].slice(-input.limit));
  });

  const needle = filter.toLowerCase();
  const lines = [...(logs.data ?? [])]
    .reverse()
    .filter((line) => !needle || `${line.subsystem ?? ''} ${line.msg ?? ''} ${details(line)}`.toLowerCase().includes(needle));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Logs</Title>
        <Group>
          <TextInput placeholder="Filter text" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} aria-label="Filter log lines" />
          <Select
            data={[
              { value: '20', label: 'Debug and above' },
              { value: '30', label: 'Info and above' },
              { value: '40', label: 'Warnings and errors' },
              { value: '50', label: 'Errors only' },
            ]}
            value={minLevel}
            onChange={(v) => v && setMinLevel(v)}
            allowDeselect={false}
            aria-label="Level"
          />
        </Group>
      </Group>
      <ErrorAlert error={logs.error} title="The log could not be loaded" />
      {logs.data && lines.length === 0 && <Text c="dimmed">No log line matches; lower the level or clear the filter.</Text>}
      {lines.length > 0 && (
        <ScrollArea>
          <Table striped fz="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>Time</Table.Th>
                <Table.Th w={70}>Level</Table.Th>
                <Table.Th w={100}>Subsystem</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line, index) => (
                <Table.Tr key={`${line.time}-${index}`}>
                  <Table.Td>{formatTime(line.time)}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" color={levelColors[line.level] ?? 'gray'}>
                      {levelNames[line.level] ?? line.level}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{line.subsystem ?? ''}</Table.Td>
                  <Table.Td>
                    <Text size="xs" fw={600} span>
                      {line.msg}
                    </Text>{' '}
                    <Code fz="xs">{details(line)}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}
