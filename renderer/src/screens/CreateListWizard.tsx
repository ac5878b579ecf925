import { useState } from 'react';
import { Button, Group, Modal, Radio, Stack, Stepper, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';

import type { ListSettings, ListType } from '../../../engine/api/contract.ts';
import { useAction } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { joinPolicyOptions, listTypeOptions, moderationOptions } from '../options.ts';

interface Draft {
  name: string;
  host: string;
  type: ListType;
  joinPolicy: ListSettings['joinPolicy'];
  moderation: ListSettings['moderation'];
}

const emptyDraft: Draft = { name: '', host: '', type: 'discussion', joinPolicy: 'confirm', moderation: 'none' };
const namePattern = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

function ChoiceGroup<T extends string>(props: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: { value: T; label: string; description: string }[];
}) {
  return (
    <Radio.Group label={props.label} value={props.value} onChange={(value) => props.onChange(value as T)}>
      <Stack gap="xs" mt="xs">
        {props.options.map((option) => (
          <Radio key={option.value} value={option.value} label={option.label} description={option.description} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

/** Create a list in three steps: address, then policies, then a review. */
export function CreateListWizard({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const create = useAction('lists.create', ['lists.list']);
  const navigate = useNavigate();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const nameError = draft.name && !namePattern.test(draft.name) ? 'Use letters, digits, ".", "-" or "_", starting with a letter or digit.' : null;
  const hostError = draft.host && !/^[a-z0-9.-]+\.[a-z]{2,}$|^localhost$/i.test(draft.host) ? 'Give a domain name such as lists.example.org.' : null;
  const addressReady = draft.name !== '' && draft.host !== '' && !nameError && !hostError;

  function close() {
    setStep(0);
    setDraft(emptyDraft);
    create.reset();
    onClose();
  }

  function submit() {
    create.mutate(
      { name: draft.name, host: draft.host, type: draft.type, settings: { joinPolicy: draft.joinPolicy, moderation: draft.moderation } },
      {
        onSuccess: (list) => {
          notifications.show({ color: 'green', message: `List ${list.name}@${list.host} created.` });
          close();
          navigate(`/members/${list.id}`);
        },
      },
    );
  }

  return (
    <Modal opened={opened} onClose={close} title="Create a list" size="lg">
      <Stepper active={step} onStepClick={(next) => (next < step || addressReady) && setStep(next)} size="sm">
        <Stepper.Step label="Address" description="Name and host">
          <Stack mt="md">
            <TextInput
              label="List name"
              description="The part before the @; members post to NAME@host."
              placeholder="team"
              value={draft.name}
              error={nameError}
              onChange={(e) => set('name', e.currentTarget.value.trim())}
              data-autofocus
            />
            <TextInput
              label="Host"
              description="A host name whose mail reaches this server (its MX record points here)."
              placeholder="lists.example.org"
              value={draft.host}
              error={hostError}
              onChange={(e) => set('host', e.currentTarget.value.trim())}
            />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Policies" description="Type, joining, moderation">
          <Stack mt="md">
            <ChoiceGroup label="Type" value={draft.type} onChange={(v) => set('type', v)} options={listTypeOptions} />
            <ChoiceGroup label="Join policy" value={draft.joinPolicy} onChange={(v) => set('joinPolicy', v)} options={joinPolicyOptions} />
            <ChoiceGroup label="Moderation" value={draft.moderation} onChange={(v) => set('moderation', v)} options={moderationOptions} />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Review" description="Create the list">
          <Table mt="md">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>Address</Table.Th>
                <Table.Td>
                  {draft.name}@{draft.host}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Td>{draft.type}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Join policy</Table.Th>
                <Table.Td>{draft.joinPolicy}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Moderation</Table.Th>
                <Table.Td>{draft.moderation}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Text size="sm" c="dimmed" mt="sm">
            Every other setting can be changed later on the list's settings page.
          </Text>
          <ErrorAlert error={create.error} title="The list was not created" />
        </Stepper.Step>
      </Stepper>
      <Group justify="flex-end" mt="lg">
        {step > 0 && (
          <Button variant="default" onClick={() => setStep(step - 1)}>
            Back
          </Button>
        )}
        {step < 2 ? (
          <Button disabled={!addressReady} onClick={() => setStep(step + 1)}>
            Next
          </Button>
        ) : (
          <Button loading={create.isPending} onClick={submit}>
            Create list
          </Button>
        )}
      </Group>
    </Modal>
  );
}
