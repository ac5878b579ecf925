export { classifyBounce } from './classify.ts';
export { classifySmtpReply, type SmtpReplyClass } from './smtp-reply.ts';
export { bouncePatterns, matchBouncePattern, type BouncePattern } from './patterns.ts';
export { bounceReasons, bounceReasonNames, isOurSide, type BounceReason } from './reasons.ts';
export type { BounceKind, BounceRecipient, BounceReport, BounceType } from './types.ts';
