import { useState } from 'react';
import { Alert, Button, Center, Code, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';

import { transport } from '../client.ts';

export function LoginScreen({ passwordSet, onLoggedIn }: { passwordSet: boolean; onLoggedIn: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (transport.kind !== 'http') return;
    setBusy(true);
    setError(null);
    try {
      await transport.client.login(password);
      onLoggedIn();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center h="100vh">
      <Paper withBorder p="xl" w={380} radius="md" component="form" onSubmit={submit}>
        <Stack>
          <Title order={2}>Lyre admin</Title>
          {!passwordSet && (
            <Alert color="yellow" title="No administrator password yet">
              Set one on the server with <Code>lyre admin password</Code>, then log in here.
            </Alert>
          )}
          <PasswordInput
            label="Administrator password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            autoFocus
            required
          />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Button type="submit" loading={busy}>
            Log in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
