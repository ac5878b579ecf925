export { applyBounceEvent } from './apply.ts';
export { decideBounce, type BounceDecision, type BounceSettings } from './decide.ts';
export { eventFromReport, eventFromSmtpReply, type BounceAttribution } from './inputs.ts';
export { sweepBounceState, type SweepResult } from './sweep.ts';
export type { BounceEventInput, BounceOutcome, BounceVerdict } from './types.ts';
