import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The folder of real test messages: $LYRE_CORPUS, else `shared/corpus` beside the
 * repository, where the project keeps it. Tests that read it skip, with this reason,
 * on a checkout that has no corpus beside it.
 */
export function corpusPath(kind: 'posts' | 'bounces'): { path: string; missing: string | false } {
  const root = process.env.LYRE_CORPUS ?? resolve(import.meta.dirname, '../../../shared/corpus');
  const path = join(root, kind);
  return {
    path,
    missing: existsSync(path) ? false : `no message corpus at ${path}; set LYRE_CORPUS to the folder that holds posts/ and bounces/`,
  };
}
