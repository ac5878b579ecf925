import { useEffect, useState } from 'react';
import { Badge, Button, Code, Fieldset, Group, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';

import type { DocumentName, DocumentSource, DocumentView } from '../../../engine/api/contract.ts';
import { useAction, useCall } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

const sourceLabels: Record<DocumentSource, string> = {
  list: "this list's own text",
  server: "the server's default",
  'built-in': 'the built-in text',
};

function MergeTags({ document }: { document: DocumentView }) {
  return (
    <Table striped aria-label="Merge tags">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Tag</Table.Th>
          <Table.Th>Replaced by</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {document.mergeTags.map((tag) => (
          <Table.Tr key={tag.tag}>
            <Table.Td>
              <Code>{`{{${tag.tag}}}`}</Code>
            </Table.Td>
            <Table.Td>{tag.meaning}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DocumentEditor({ listId, document }: { listId: number; document: DocumentView }) {
  const [subject, setSubject] = useState(document.subject);
  const [body, setBody] = useState(document.body);
  const save = useAction('lists.setDocument', ['lists.documents']);
  const reset = useAction('lists.setDocument', ['lists.documents']);

  useEffect(() => {
    setSubject(document.subject);
    setBody(document.body);
  }, [document]);

  const changed = subject !== document.subject || body !== document.body;

  return (
    <Stack>
      <Group gap="xs">
        <Text size="sm">{document.purpose.charAt(0).toUpperCase() + document.purpose.slice(1)}.</Text>
        <Badge variant="light" color={document.source === 'list' ? 'blue' : 'gray'} data-testid="document-source">
          Uses {sourceLabels[document.source]}
        </Badge>
      </Group>
      <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
      <Textarea
        label="Body"
        autosize
        minRows={8}
        maxRows={24}
        styles={{ input: { fontFamily: 'monospace' } }}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <ErrorAlert error={save.error} title="The document was not saved" />
      <ErrorAlert error={reset.error} title="The document was not reset" />
      <Group>
        <Button
          disabled={!changed}
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              { listId, name: document.name, subject, body },
              { onSuccess: () => notifications.show({ color: 'green', message: `The ${document.name} document was saved.` }) },
            )
          }
        >
          Save document
        </Button>
        <Button
          variant="light"
          disabled={document.source !== 'list'}
          loading={reset.isPending}
          onClick={() =>
            reset.mutate(
              { listId, name: document.name, reset: true },
              {
                onSuccess: () =>
                  notifications.show({ message: `The ${document.name} document now uses ${sourceLabels[document.inherited.source]}.` }),
              },
            )
          }
        >
          Reset to {document.inherited.source === 'server' ? "server's default" : 'built-in text'}
        </Button>
      </Group>
      <Text size="sm" fw={500}>
        Merge tags in this document
      </Text>
      <MergeTags document={document} />
    </Stack>
  );
}

/** Pick one of a list's documents and edit its subject and body, or reset it to the inherited text. */
export function ListDocuments({ listId }: { listId: number }) {
  const documents = useCall('lists.documents', { listId });
  const [name, setName] = useState<DocumentName>('hello');

  if (documents.error) return <ErrorAlert error={documents.error} title="The documents could not be loaded" />;
  if (!documents.data) return null;
  const document = documents.data.find((d) => d.name === name) ?? documents.data[0];
  if (!document) return null;

  return (
    <Fieldset legend="Documents">
      <Stack>
        <Select
          label="Document"
          data={documents.data.map((d) => ({ value: d.name, label: `${d.name}: ${d.purpose}` }))}
          value={document.name}
          onChange={(v) => v && setName(v as DocumentName)}
          allowDeselect={false}
        />
        <DocumentEditor key={document.name} listId={listId} document={document} />
      </Stack>
    </Fieldset>
  );
}
