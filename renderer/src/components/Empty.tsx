import type { ReactNode } from 'react';
import { Paper, Stack, Text, Title } from '@mantine/core';

/** What an empty screen shows: what is missing and what to do next. */
export function Empty({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack align="center" gap="xs">
        <Title order={4}>{title}</Title>
        <Text c="dimmed" ta="center" maw={520}>
          {children}
        </Text>
        {action}
      </Stack>
    </Paper>
  );
}
