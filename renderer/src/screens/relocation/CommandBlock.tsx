import { Button, Code, Group } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';

/** Commands or file lines to type, with a button that copies them all at once. */
export function CommandBlock({ lines, label }: { lines: string[]; label: string }) {
  const clipboard = useClipboard({ timeout: 2000 });
  const text = lines.join('\n');
  // The clipboard may be closed to the page (a denied permission), so failure is shown, not hidden.
  const caption = clipboard.error ? 'Copy failed: select the text' : clipboard.copied ? 'Copied' : 'Copy';
  return (
    <Group align="flex-start" wrap="nowrap" gap="xs" preventGrowOverflow={false}>
      <Code block style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {text}
      </Code>
      <Button
        size="xs"
        variant="light"
        color={clipboard.error ? 'red' : clipboard.copied ? 'teal' : undefined}
        onClick={() => clipboard.copy(text)}
        aria-label={label}
      >
        {caption}
      </Button>
    </Group>
  );
}

/** "127.0.0.1:2525", or "[::1]:2525" for an IPv6 address. */
export function formatHostPort({ host, port }: { host: string; port: number }): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
