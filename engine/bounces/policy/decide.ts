import { isOurSide } from '../classify/reasons.ts';
import type { ListSettings } from '../../lists/settings.ts';
import type { Member } from '../../store/members.ts';
import type { BounceEventInput, BounceVerdict } from './types.ts';

export const dayMs = 86_400_000;

export type BounceSettings = ListSettings['bounce'];

export interface BounceDecision {
  verdict: BounceVerdict;
  counted: boolean;
  /** The member's new count and last counted time, when they change. */
  bounceCount: number | null;
  lastBounceAt: number | null;
  hold: boolean;
  unsubscribe: boolean;
}

interface SkipRule {
  verdict: BounceVerdict;
  applies: (input: BounceEventInput, member: Member | undefined, at: number) => boolean;
}

/**
 * Bounces that are recorded but not counted, checked in order. A member's
 * `lastBounceAt` is the time of their last counted bounce, so "once a day" means at
 * most one counted bounce in any 24 hours.
 */
const skipRules: readonly SkipRule[] = [
  { verdict: 'not-a-failure', applies: (input) => input.type !== 'failure' },
  { verdict: 'our-side', applies: (input) => isOurSide(input.reason) },
  { verdict: 'no-member', applies: (_input, member) => member === undefined },
  { verdict: 'member-not-active', applies: (_input, member) => member?.status !== 'normal' },
  {
    verdict: 'already-counted-today',
    applies: (_input, member, at) => member?.lastBounceAt != null && at - member.lastBounceAt < dayMs,
  },
];

/** Decide what one bounce does to a member. Pure: the caller writes the result. */
export function decideBounce(
  input: BounceEventInput,
  member: Member | undefined,
  settings: BounceSettings,
  at: number,
): BounceDecision {
  const unchanged = {
    counted: false,
    bounceCount: member?.bounceCount ?? null,
    lastBounceAt: member?.lastBounceAt ?? null,
    hold: false,
  };

  if (input.type === 'feedback-report') {
    const unsubscribe = member !== undefined && member.status !== 'unsubscribed';
    if (unsubscribe) return { ...unchanged, verdict: 'unsubscribed-by-feedback', unsubscribe };
    return { ...unchanged, verdict: member ? 'member-not-active' : 'no-member', unsubscribe };
  }

  const skip = skipRules.find((rule) => rule.applies(input, member, at));
  if (skip || !member) return { ...unchanged, verdict: skip?.verdict ?? 'no-member', unsubscribe: false };

  const stale = member.lastBounceAt !== null && at - member.lastBounceAt >= settings.resetAfterDays * dayMs;
  const bounceCount = (stale ? 0 : member.bounceCount) + 1;
  return {
    verdict: 'counted',
    counted: true,
    bounceCount,
    lastBounceAt: at,
    hold: settings.holdMembers && bounceCount >= settings.holdAfter,
    unsubscribe: false,
  };
}
