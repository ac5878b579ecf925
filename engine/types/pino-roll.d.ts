// pino-roll 4 ships no type declarations; this covers the options Lyre uses.
declare module 'pino-roll' {
  import type { Writable } from 'node:stream';

  interface RollOptions {
    file: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    mkdir?: boolean;
    limit?: { count: number };
  }
  export default function roll(options: RollOptions): Promise<Writable>;
}
