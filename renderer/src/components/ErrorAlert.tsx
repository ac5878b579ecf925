import { Alert } from '@mantine/core';

/** An error where it happened, with the engine's message, which says what to do. */
export function ErrorAlert({ error, title = 'Something failed' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title={title} role="alert">
      {message}
    </Alert>
  );
}
