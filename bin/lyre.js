#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so that `npx lyre` works from a
// checkout with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../engine/cli/run.ts');
