// The part of Electron's UtilityProcess that the supervisor uses, written out so
// that the supervisor runs under plain Node: the desktop app passes
// `utilityProcess.fork`, the tests pass a child_process.fork adapter.

import type { HostRequest } from '../engine/host/protocol.ts';

export interface EngineProcess<Port = unknown> {
  /** Undefined until the process has spawned, and again after it exited. */
  readonly pid: number | undefined;
  /** Null unless the process was started with piped stdio. */
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: HostRequest, transfer?: Port[]): void;
  /** Terminates the process (SIGTERM on POSIX); true when the signal was sent. */
  kill(): boolean;
  on(event: 'spawn', listener: () => void): this;
  /** The message is what the host posted, not a MessageEvent. */
  on(event: 'message', listener: (message: unknown) => void): this;
  /** `code` is the exit status from waitpid or GetExitCodeProcess. */
  on(event: 'exit', listener: (code: number) => void): this;
}

/** Starts one engine host process; called again for every restart. */
export type ForkEngine<Port = unknown> = () => EngineProcess<Port>;
