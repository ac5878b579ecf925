import { Group, Progress, Text } from '@mantine/core';

import type { PostProgressView } from '../../../engine/api/contract.ts';
import { formatNumber } from '../format.ts';

/** Draw delivered, deferred and failed copies of a post as shares of one bar. */
export function PostProgressBar({ progress, withLabels = false }: { progress: PostProgressView; withLabels?: boolean }) {
  const share = (n: number) => (progress.total === 0 ? 0 : (100 * n) / progress.total);
  return (
    <div>
      <Progress.Root size="lg" aria-label={`${progress.delivered} of ${progress.total} delivered`}>
        <Progress.Section value={share(progress.delivered)} color="green" />
        <Progress.Section value={share(progress.deferred)} color="orange" />
        <Progress.Section value={share(progress.failed)} color="red" />
      </Progress.Root>
      {withLabels && (
        <Group gap="md" mt={4}>
          <Text size="xs">Delivered {formatNumber(progress.delivered)}</Text>
          <Text size="xs">Deferred {formatNumber(progress.deferred)}</Text>
          <Text size="xs">Failed {formatNumber(progress.failed)}</Text>
          <Text size="xs">Remaining {formatNumber(progress.remaining)}</Text>
          <Text size="xs" c="dimmed">
            of {formatNumber(progress.total)}
          </Text>
        </Group>
      )}
    </div>
  );
}
