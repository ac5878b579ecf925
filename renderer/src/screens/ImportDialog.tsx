import { useState } from 'react';
import { Alert, Badge, Button, FileInput, Group, Modal, Progress, Radio, ScrollArea, SimpleGrid, Stack, Table, Tabs, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';

import type { ImportChoice, ImportProgress, ImportReport } from '../../../engine/api/contract.ts';
import { useAdminEvent } from '../api.ts';
import { client } from '../client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatNumber } from '../format.ts';

const choices: { value: ImportChoice; label: string; description: string }[] = [
  { value: 'quiet', label: 'Add quietly', description: 'Members are added without any message.' },
  { value: 'welcome', label: 'Add and welcome', description: "Members are added and each is sent the list's welcome (hello) document." },
  {
    value: 'confirm',
    label: 'Send a confirmation',
    description: 'Each address is sent a confirmation request and stays unconfirmed, receiving no posts, until it confirms.',
  },
];

function percent(progress: ImportProgress | null): number {
  if (!progress) return 0;
  if (progress.phase === 'done') return 100;
  if (progress.phase === 'parse' || progress.total === 0) return 5;
  return 5 + (95 * progress.done) / progress.total;
}

function ReportView({ report }: { report: ImportReport }) {
  const counts = [
    { label: 'Added', value: report.added, color: 'green' },
    { label: 'Already members', value: report.existing, color: 'gray' },
    { label: 'Unsubscribed earlier', value: report.unsubscribed, color: 'orange' },
    { label: 'Duplicates', value: report.duplicates, color: 'yellow' },
    { label: 'Invalid', value: report.invalid, color: 'red' },
  ];
  return (
    <Stack data-testid="import-report">
      <SimpleGrid cols={5}>
        {counts.map((c) => (
          <Stack key={c.label} gap={0} align="center">
            <Text fw={700} size="lg" c={c.color}>
              {formatNumber(c.value)}
            </Text>
            <Text size="xs" c="dimmed" ta="center">
              {c.label}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
      <Text size="sm">
        {formatNumber(report.records)} records read in {(report.durationMs / 1000).toFixed(1)} s. {report.choiceNote}
      </Text>
      {report.issues.length > 0 && (
        <ScrollArea h={220}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Issue</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.issues.map((issue) => (
                <Table.Tr key={`${issue.line}-${issue.kind}`}>
                  <Table.Td>{issue.line}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={issue.kind === 'invalid' ? 'red' : 'gray'}>
                      {issue.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{issue.reason}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {issue.text}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {report.issuesOmitted > 0 && <Text size="sm" c="dimmed">{formatNumber(report.issuesOmitted)} more issues are not listed.</Text>}
    </Stack>
  );
}

/** Import members from a CSV file or pasted text, with a progress bar and the report. */
export function ImportDialog({ listId, opened, onClose }: { listId: number; opened: boolean; onClose: () => void }) {
  const [tab, setTab] = useState<string | null>('file');
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [choice, setChoice] = useState<ImportChoice>('quiet');
  const [importId, setImportId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const queryClient = useQueryClient();

  useAdminEvent('import.progress', (event) => {
    if (event.importId === importId) setProgress(event);
  });

  function close() {
    if (importId && !report && !error) return;
    setFile(null);
    setPasted('');
    setProgress(null);
    setReport(null);
    setError(null);
    setImportId(null);
    onClose();
  }

  async function run() {
    const id = `import-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    setImportId(id);
    setProgress(null);
    setReport(null);
    setError(null);
    try {
      const text = tab === 'file' && file ? await file.text() : pasted;
      const result = await client.call('members.import', { listId, text, choice, importId: id });
      setReport(result);
      await Promise.all(['members.query', 'lists.list', 'lists.get'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    } catch (failure) {
      setError(failure);
    }
  }

  const running = importId !== null && !report && !error;
  const ready = tab === 'file' ? file !== null : pasted.trim() !== '';

  return (
    <Modal opened={opened} onClose={close} title="Import members" size="xl" closeOnEscape={!running}>
      <Stack>
        {!report && (
          <>
            <Tabs value={tab} onChange={setTab}>
              <Tabs.List>
                <Tabs.Tab value="file">CSV file</Tabs.Tab>
                <Tabs.Tab value="paste">Paste addresses</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="file" pt="sm">
                <FileInput
                  label="CSV or text file"
                  description="Comma or semicolon separated; a first row naming an email column is read as a header."
                  placeholder="Choose a file"
                  accept=".csv,.txt,text/csv,text/plain"
                  value={file}
                  onChange={setFile}
                  clearable
                />
              </Tabs.Panel>
              <Tabs.Panel value="paste" pt="sm">
                <Textarea
                  label="Addresses"
                  description='One per line: a@b, Name <a@b>, "Name" <a@b> or a@b (Name).'
                  autosize
                  minRows={6}
                  maxRows={14}
                  value={pasted}
                  onChange={(e) => setPasted(e.currentTarget.value)}
                />
              </Tabs.Panel>
            </Tabs>
            <Radio.Group label="What happens to new members" value={choice} onChange={(v) => setChoice(v as ImportChoice)}>
              <Group mt="xs" align="flex-start">
                {choices.map((c) => (
                  <Radio key={c.value} value={c.value} label={c.label} description={c.description} maw={240} />
                ))}
              </Group>
            </Radio.Group>
            {choice !== 'quiet' && (
              <Alert color="blue">
                This version of Lyre records the choice but does not send welcome or confirmation messages yet.
              </Alert>
            )}
          </>
        )}
        {importId && !error && (
          <Stack gap={4}>
            <Progress value={percent(progress)} animated={running} aria-label="Import progress" />
            <Text size="xs" c="dimmed">
              {progress?.phase === 'insert'
                ? `Adding ${formatNumber(progress.done)} of ${formatNumber(progress.total)}`
                : progress?.phase === 'done'
                  ? 'Done'
                  : 'Reading the file'}
            </Text>
          </Stack>
        )}
        <ErrorAlert error={error} title="The import failed" />
        {report && <ReportView report={report} />}
        <Group justify="flex-end">
          {report ? (
            <Button onClick={close}>Close</Button>
          ) : (
            <Button onClick={() => void run()} disabled={!ready} loading={running}>
              Import
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
