import { z } from 'zod';

/**
 * Per-list settings, stored as JSON in `lists.settings`. Every key has a default, so a
 * list created before a key existed reads it as the default. Other features add keys
 * here rather than columns.
 */
export const listSettingsSchema = z.object({
  description: z.string().default(''),
  /** Text put before the subject, for example "[team]"; empty adds none. */
  subjectPrefix: z.string().default(''),
  /** Addresses allowed to post to an announcement list, besides nobody else. */
  posters: z.array(z.string()).default([]),
  /** What happens to a post from an address that may not post. */
  nonMemberPolicy: z.enum(['reject', 'accept']).default('reject'),
  /** Where replies go: the author (no change), the list, or the author's Reply-To kept. */
  replyTo: z.enum(['author', 'list']).default('author'),
  /** Addresses that receive mail for LIST-owner@. */
  owners: z.array(z.string()).default([]),
  /** How people join: open, confirm (double opt-in), private (an administrator approves), closed. */
  joinPolicy: z.enum(['open', 'confirm', 'private', 'closed']).default('confirm'),
  /**
   * Who may see the member list with the email command "review": anyone, members
   * only, or only administrators after "login".
   */
  rosterVisibility: z.enum(['public', 'members', 'admins']).default('admins'),
  /** Which posts wait for a moderator: none, all, or the first posts of each new member. */
  moderation: z.enum(['none', 'all', 'new']).default('none'),
  /** Bounce policy, applied by engine/bounces/policy. */
  bounce: z
    .object({
      /** Whether counted bounces put a member on hold; false only records them. */
      holdMembers: z.boolean().default(true),
      /** Counted bounces (at most one a day) that put a member on hold; Mailman 2.1's threshold is also 5. */
      holdAfter: z.number().int().min(1).max(100).default(5),
      /**
       * Days without a counted bounce after which the count starts again. Mailman 2.1 uses 7;
       * 14 lets a weekly list see two missed posts in a row before the count is forgotten.
       */
      resetAfterDays: z.number().int().min(1).max(365).default(14),
      /** Days after which a held member is removed from the list; 0 keeps held members. */
      removeHeldAfterDays: z.number().int().min(0).max(3650).default(0),
    })
    .prefault({}),
});

export type ListSettings = z.infer<typeof listSettingsSchema>;

export const listTypes = ['discussion', 'announcement'] as const;
export type ListType = (typeof listTypes)[number];

/** List names are used as local parts: letters, digits, dots, dashes and underscores. */
export const listNamePattern = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/** Local parts Lyre reserves for itself, which no list may be named. */
export const reservedNames = new Set([
  'lyre', 'listserv', 'majordomo', 'listproc', 'lists', 'unhold', 'purge', 'help',
  'postmaster', 'abuse', 'mailer-daemon',
]);

/**
 * Parsed settings by their stored JSON text. Intake reads a list for every recipient
 * and post, and validating the same text each time cost more than the query. Because
 * the key is the text itself, a changed row is never served stale.
 */
const parsedByText = new Map<string, ListSettings>();
const parsedCacheSize = 256;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Parse stored settings; the result is shared and frozen, so callers copy before changing it. */
export function parseListSettings(json: string): ListSettings {
  let settings = parsedByText.get(json);
  if (!settings) {
    settings = deepFreeze(listSettingsSchema.parse(JSON.parse(json)));
    if (parsedByText.size >= parsedCacheSize) parsedByText.clear();
    parsedByText.set(json, settings);
  }
  return settings;
}
