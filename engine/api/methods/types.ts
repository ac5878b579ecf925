import type { EngineHandle } from '../../engine-types.ts';
import type { MethodName, MethodOutput, ParsedInput } from '../contract.ts';
import type { AdminHub } from '../hub.ts';

/** What every method implementation receives besides its parsed input. */
export interface MethodContext {
  engine: EngineHandle;
  hub: AdminHub;
}

export type Handler<M extends MethodName> = (
  ctx: MethodContext,
  input: ParsedInput<M>,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };
