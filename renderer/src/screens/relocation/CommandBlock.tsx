import { Button, Code, CopyButton, Group } from '@mantine/core';

/** Commands or file lines to type, with a button that copies them all at once. */
export function CommandBlock({ lines, label }: { lines: string[]; label: string }) {
  const text = lines.join('\n');
  return (
    <Group align="flex-start" wrap="nowrap" gap="xs" preventGrowOverflow={false}>
      <Code block style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {text}
      </Code>
      <CopyButton value={text}>
        {({ copied, copy }) => (
          <Button
            size="xs"
            variant="light"
            color={copied ? 'teal' : undefined}
            onClick={copy}
            aria-label={label}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** "127.0.0.1:2525", or "[::1]:2525" for an IPv6 address. */
export function formatHostPort({ host, port }: { host: string; port: number }): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
