import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Fieldset, Group, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';

import type { SettingDescription, SettingKey, SettingsView } from '../../../engine/api/contract.ts';
import { useAction, useCall } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

/** The server settings this screen edits, grouped; every other key stays with `lyre config set`. */
const groups: { legend: string; keys: SettingKey[]; when?: (values: Record<string, string>) => boolean }[] = [
  { legend: 'Delivery', keys: ['delivery.mode'] },
  {
    legend: 'Smarthost',
    keys: ['delivery.smarthost', 'delivery.smarthostTls', 'delivery.smarthostVerifyCertificate', 'delivery.smarthostUser', 'delivery.smarthostPassword'],
    when: (v) => v['delivery.mode'] === 'smarthost',
  },
  { legend: 'Capture', keys: ['delivery.captureDir'], when: (v) => v['delivery.mode'] === 'capture' },
  { legend: 'Ports and addresses', keys: ['smtp.port', 'smtp.fallbackPort', 'smtp.host', 'http.port', 'http.host'] },
  { legend: 'Host names', keys: ['smtp.hostname', 'delivery.heloName', 'http.publicUrl'] },
];

const modeLabels: Record<string, string> = { mx: 'Direct to MX', smarthost: 'Smarthost', capture: 'Capture to files' };

function asText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function Field({ definition, value, secretSet, onChange }: { definition: SettingDescription; value: string; secretSet: boolean; onChange: (v: string) => void }) {
  const label = (
    <Group gap={6}>
      <span>{definition.key}</span>
      {definition.restart && (
        <Badge size="xs" variant="light" color="gray">
          after restart
        </Badge>
      )}
    </Group>
  );
  if (definition.key === 'delivery.mode') {
    return (
      <Stack gap={4}>
        <SegmentedControl value={value} onChange={onChange} data={(definition.options ?? []).map((o) => ({ value: o, label: modeLabels[o] ?? o }))} />
        <Text size="sm" c="dimmed">
          {definition.why}
        </Text>
      </Stack>
    );
  }
  if (definition.options) {
    return <Select label={label} description={definition.why} data={definition.options} value={value} onChange={(v) => v && onChange(v)} allowDeselect={false} />;
  }
  if (typeof definition.default === 'boolean') {
    return <Select label={label} description={definition.why} data={['true', 'false']} value={value} onChange={(v) => v && onChange(v)} allowDeselect={false} />;
  }
  if (definition.secret) {
    return (
      <PasswordInput
        label={label}
        description={definition.why}
        placeholder={secretSet ? 'set; type to replace it' : 'not set'}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  return <TextInput label={label} description={definition.why} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
}

function initialValues(view: SettingsView): Record<string, string> {
  return Object.fromEntries(Object.entries(view.values).map(([key, value]) => [key, asText(value)]));
}

/** Delivery mode and smarthost, ports and host names. */
export function SettingsScreen() {
  const settings = useCall('settings.get', {});
  const update = useAction('settings.update', ['settings.get', 'server.status']);
  const [values, setValues] = useState<Record<string, string>>({});
  useEffect(() => {
    if (settings.data) setValues(initialValues(settings.data));
  }, [settings.data]);
  const definitions = useMemo(() => new Map(settings.data?.definitions.map((d) => [d.key, d]) ?? []), [settings.data]);

  if (settings.error) return <ErrorAlert error={settings.error} title="The settings could not be loaded" />;
  if (!settings.data) return null;
  const original = initialValues(settings.data);
  const changed = Object.keys(values).filter((key) => values[key] !== original[key]);
  const needsRestart = changed.some((key) => definitions.get(key as SettingKey)?.restart);

  function save() {
    const changes = Object.fromEntries(changed.map((key) => [key, values[key]]));
    update.mutate({ changes }, { onSuccess: () => notifications.show({ color: 'green', message: `${changed.length} settings saved.` }) });
  }

  return (
    <Stack maw={820}>
      <Title order={2}>Server settings</Title>
      {groups
        .filter((group) => !group.when || group.when(values))
        .map((group) => (
          <Fieldset key={group.legend} legend={group.legend}>
            <Stack>
              {group.keys.map((key) => {
                const definition = definitions.get(key);
                if (!definition) return null;
                return (
                  <Field
                    key={key}
                    definition={definition}
                    value={values[key] ?? ''}
                    secretSet={settings.data.secretsSet.includes(key)}
                    onChange={(v) => setValues((current) => ({ ...current, [key]: v }))}
                  />
                );
              })}
            </Stack>
          </Fieldset>
        ))}
      <ErrorAlert error={update.error} title="The settings were not saved" />
      {needsRestart && <Text size="sm" c="orange">Some changed settings take effect after the server restarts.</Text>}
      <Group>
        <Button onClick={save} disabled={changed.length === 0} loading={update.isPending}>
          Save {changed.length > 0 ? `${changed.length} changes` : ''}
        </Button>
        <Button variant="default" disabled={changed.length === 0} onClick={() => setValues(original)}>
          Discard
        </Button>
      </Group>
    </Stack>
  );
}
