import { useEffect, useState } from 'react';
import { Button, Fieldset, Group, Modal, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useParams } from 'react-router';

import type { ListSettings, ListSummary, ListType } from '../../../engine/api/contract.ts';
import { useAction, useCall } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { joinPolicyOptions, listTypeOptions, moderationOptions } from '../options.ts';
import { ListDocuments } from './ListDocuments.tsx';

interface Form {
  host: string;
  type: ListType;
  settings: ListSettings;
}

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

function DeleteList({ list }: { list: ListSummary }) {
  const [open, setOpen] = useState(false);
  const [confirmName, setConfirmName] = useState('');
  const remove = useAction('lists.delete', ['lists.list']);
  const navigate = useNavigate();
  return (
    <>
      <Button color="red" variant="light" onClick={() => setOpen(true)}>
        Delete list
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Delete ${list.name}`}>
        <Stack>
          <Text size="sm">
            This deletes the list with its {list.members} members and their history. Type the list name to confirm.
          </Text>
          <TextInput value={confirmName} onChange={(e) => setConfirmName(e.currentTarget.value)} aria-label="List name" />
          <ErrorAlert error={remove.error} title="The list was not deleted" />
          <Button
            color="red"
            disabled={confirmName !== list.name}
            loading={remove.isPending}
            onClick={() =>
              remove.mutate({ listId: list.id, confirmName }, { onSuccess: () => navigate('/lists') })
            }
          >
            Delete for good
          </Button>
        </Stack>
      </Modal>
    </>
  );
}

/** Edit every setting of one list, grouped the way mail flows: address, joining, posting, shaping. */
export function ListSettingsScreen() {
  const listId = Number(useParams().listId);
  const list = useCall('lists.get', { listId });
  const update = useAction('lists.update', ['lists.get', 'lists.list']);
  const [form, setForm] = useState<Form | null>(null);

  useEffect(() => {
    if (list.data) setForm({ host: list.data.host, type: list.data.type, settings: list.data.settings });
  }, [list.data]);

  if (list.error) return <ErrorAlert error={list.error} title="The list could not be loaded" />;
  if (!list.data || !form) return null;
  const setSetting = <K extends keyof ListSettings>(key: K, value: ListSettings[K]) =>
    setForm((f) => f && { ...f, settings: { ...f.settings, [key]: value } });

  function save() {
    if (!form) return;
    update.mutate(
      { listId, host: form.host, type: form.type, settings: form.settings },
      { onSuccess: () => notifications.show({ color: 'green', message: 'List settings saved.' }) },
    );
  }

  return (
    <Stack maw={820}>
      <Group justify="space-between">
        <Title order={2}>
          {list.data.name}@{list.data.host}
        </Title>
        <Group>
          <Button variant="light" component={Link} to={`/members/${listId}`}>
            Members
          </Button>
          <DeleteList list={list.data} />
        </Group>
      </Group>
      <Fieldset legend="General">
        <Stack>
          <TextInput label="Host" value={form.host} onChange={(e) => setForm({ ...form, host: e.currentTarget.value })} />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={form.settings.description}
            onChange={(e) => setSetting('description', e.currentTarget.value)}
          />
          <TextInput
            label="Owners"
            description="Addresses that receive mail sent to the list's -owner address, separated by commas."
            value={form.settings.owners.join(', ')}
            onChange={(e) => setSetting('owners', lines(e.currentTarget.value))}
          />
        </Stack>
      </Fieldset>
      <Fieldset legend="Subscription">
        <Select
          label="Join policy"
          data={joinPolicyOptions.map((o) => ({ value: o.value, label: `${o.label}: ${o.description}` }))}
          value={form.settings.joinPolicy}
          onChange={(v) => v && setSetting('joinPolicy', v as ListSettings['joinPolicy'])}
          allowDeselect={false}
        />
      </Fieldset>
      <Fieldset legend="Posting">
        <Stack>
          <Select
            label="Type"
            data={listTypeOptions.map((o) => ({ value: o.value, label: `${o.label}: ${o.description}` }))}
            value={form.type}
            onChange={(v) => v && setForm({ ...form, type: v as ListType })}
            allowDeselect={false}
          />
          {form.type === 'announcement' && (
            <Textarea
              label="Allowed senders"
              description="Addresses that may post to this announcement list, one per line."
              autosize
              minRows={2}
              value={form.settings.posters.join('\n')}
              onChange={(e) => setSetting('posters', lines(e.currentTarget.value))}
            />
          )}
          <Select
            label="Posts from non-members"
            data={[
              { value: 'reject', label: 'Reject' },
              { value: 'accept', label: 'Accept' },
            ]}
            value={form.settings.nonMemberPolicy}
            onChange={(v) => v && setSetting('nonMemberPolicy', v as ListSettings['nonMemberPolicy'])}
            allowDeselect={false}
          />
          <Select
            label="Moderation"
            data={moderationOptions.map((o) => ({ value: o.value, label: `${o.label}: ${o.description}` }))}
            value={form.settings.moderation}
            onChange={(v) => v && setSetting('moderation', v as ListSettings['moderation'])}
            allowDeselect={false}
          />
        </Stack>
      </Fieldset>
      <Fieldset legend="Message shaping">
        <Stack>
          <TextInput
            label="Subject prefix"
            description='Put before every subject, for example "[team]"; leave empty for none.'
            value={form.settings.subjectPrefix}
            onChange={(e) => setSetting('subjectPrefix', e.currentTarget.value)}
          />
          <Select
            label="Replies go to"
            data={[
              { value: 'author', label: 'The author' },
              { value: 'list', label: 'The list' },
            ]}
            value={form.settings.replyTo}
            onChange={(v) => v && setSetting('replyTo', v as ListSettings['replyTo'])}
            allowDeselect={false}
          />
        </Stack>
      </Fieldset>
      <ErrorAlert error={update.error} title="The settings were not saved" />
      <Group>
        <Button onClick={save} loading={update.isPending}>
          Save settings
        </Button>
      </Group>
      <ListDocuments listId={listId} />
    </Stack>
  );
}
