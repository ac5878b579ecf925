import type { LifecycleContext } from '../members/lifecycle/context.ts';
import type { List } from '../store/lists.ts';
import type { InboundMail } from './read-mail.ts';
import type { ScannedLine } from './scan.ts';

/** What every command gets: the lifecycle, the message and who sent it, and the login state. */
export interface CommandContext {
  life: LifecycleContext;
  mail: InboundMail;
  sender: { address: string; name: string };
  /** The list of a LIST-request address, which commands may leave out; null at the server address. */
  defaultList: List | null;
  /** Host of the address the commands were sent to. */
  host: string;
  /** Lists unlocked by the last login line; null before any login. */
  admin: Set<number> | null;
  /** The lists each login line's password unlocks, by line number, checked before the commands run. */
  logins: Map<number, Set<number>>;
}

export interface CommandInput {
  line: ScannedLine;
  /** The words after the command keyword. */
  args: string[];
}

/** One email command: its keyword, synonyms, help text and what it does. */
export interface CommandDefinition {
  name: string;
  synonyms: string[];
  /** Arguments as shown in help, for example "LIST [Full Name]". */
  usage: string;
  summary: string;
  /** Listed under the administrator commands, which need "login" first. */
  admin: boolean;
  /** Carry out the command inside the message's transaction; returns the reply lines. */
  run(ctx: CommandContext, input: CommandInput): string[];
}
