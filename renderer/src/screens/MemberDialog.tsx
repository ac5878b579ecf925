import { useEffect, useState } from 'react';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';

import type { DeliveryModeValue, MemberStatusValue, MemberView } from '../../../engine/api/contract.ts';
import { useAction } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { deliveryModeOptions, memberStatusOptions } from '../options.ts';

const refresh = ['members.query', 'lists.list', 'lists.get', 'bounces.held'] as const;

/** Add a member (`member` is "new") or edit, unsubscribe or delete one. */
export function MemberDialog({ listId, member, onClose }: { listId: number; member: MemberView | 'new' | null; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [status, setStatus] = useState<MemberStatusValue>('normal');
  const [mode, setMode] = useState<DeliveryModeValue>('mail');
  const add = useAction('members.add', [...refresh]);
  const update = useAction('members.update', [...refresh]);
  const remove = useAction('members.remove', [...refresh]);
  const isNew = member === 'new';

  useEffect(() => {
    if (member === null) return;
    setEmail(isNew ? '' : member.email);
    setName(isNew ? '' : member.name);
    setStatus(isNew ? 'normal' : member.status);
    setMode(isNew ? 'mail' : member.mode);
    add.reset();
    update.reset();
    remove.reset();
    // The reset functions are stable; only a change of member resets the form.
  }, [member]);

  const done = (message: string) => () => {
    notifications.show({ color: 'green', message });
    onClose();
  };

  function save(event: React.FormEvent) {
    event.preventDefault();
    if (isNew) add.mutate({ listId, email, name, status, mode }, { onSuccess: done(`${email} added.`) });
    else if (member) update.mutate({ memberId: member.id, name, status, mode }, { onSuccess: done(`${member.email} saved.`) });
  }

  return (
    <Modal opened={member !== null} onClose={onClose} title={isNew ? 'Add a member' : 'Edit member'}>
      <Stack component="form" onSubmit={save}>
        <TextInput label="Email address" value={email} onChange={(e) => setEmail(e.currentTarget.value)} disabled={!isNew} required data-autofocus />
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label="Status" data={memberStatusOptions} value={status} onChange={(v) => v && setStatus(v as MemberStatusValue)} allowDeselect={false} />
        <Select label="Delivery" data={deliveryModeOptions} value={mode} onChange={(v) => v && setMode(v as DeliveryModeValue)} allowDeselect={false} />
        <ErrorAlert error={add.error ?? update.error ?? remove.error} title="The change was not saved" />
        <Group justify="space-between">
          {!isNew && member ? (
            <Group gap="xs">
              <Button
                variant="light"
                color="orange"
                loading={remove.isPending}
                onClick={() => remove.mutate({ memberIds: [member.id], mode: 'unsubscribe' }, { onSuccess: done(`${member.email} unsubscribed.`) })}
              >
                Unsubscribe
              </Button>
              <Button
                variant="subtle"
                color="red"
                onClick={() => remove.mutate({ memberIds: [member.id], mode: 'delete' }, { onSuccess: done(`${member.email} deleted.`) })}
              >
                Delete
              </Button>
            </Group>
          ) : (
            <span />
          )}
          <Button type="submit" loading={add.isPending || update.isPending}>
            {isNew ? 'Add' : 'Save'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
