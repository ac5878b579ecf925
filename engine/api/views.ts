import type { ErrorKind } from '../errors.ts';
import type { ListSettings, ListType } from '../lists/settings.ts';
import type { SettingKey, Settings } from '../config/schema.ts';

/**
 * The shapes that cross the admin API boundary. They are plain data (numbers for
 * times, in milliseconds since the epoch), so that they survive structured cloning
 * and JSON alike. This file imports only pure modules, so the renderer can type
 * check against it without Node's types.
 */

export type { ErrorKind, ListSettings, ListType, SettingKey, Settings };

export const memberStatusValues = ['normal', 'unconfirmed', 'pending', 'held', 'unsubscribed'] as const;
export type MemberStatusValue = (typeof memberStatusValues)[number];
export const deliveryModeValues = ['mail', 'digest', 'mimedigest', 'index', 'nomail'] as const;
export type DeliveryModeValue = (typeof deliveryModeValues)[number];
export const deliveryStatusValues = ['queued', 'deferred', 'delivered', 'failed'] as const;
export type DeliveryStatusValue = (typeof deliveryStatusValues)[number];

/** A failed call as it travels: the kind decides how the caller reacts, the message is for people. */
export interface ErrorRecord {
  kind: ErrorKind;
  message: string;
}

export interface ListenerView {
  listening: boolean;
  requestedPort: number;
  port: number | null;
  fallback: boolean;
  bindError: string | null;
  fix: string | null;
}

export interface LogLine {
  level: number;
  time: number;
  msg?: string;
  subsystem?: string;
  [field: string]: unknown;
}

export interface ServerStatus {
  running: boolean;
  pid: number;
  startedAt: number | null;
  dataDir: string;
  smtp: ListenerView;
  http: ListenerView;
  queueSize: number;
  deliveriesPerMinute: number;
  recentErrors: LogLine[];
  deliveryMode: Settings['delivery.mode'];
}

/** Outcomes per day, oldest first, for the dashboard chart. */
export interface ActivityDay {
  /** Start of the day in UTC, ms since the epoch. */
  day: number;
  delivered: number;
  deferred: number;
  failed: number;
  bounces: number;
}

export interface ListView {
  id: number;
  name: string;
  host: string;
  type: ListType;
  settings: ListSettings;
  createdAt: number;
  updatedAt: number;
}

export interface ListSummary extends ListView {
  members: number;
  held: number;
}

export interface MemberView {
  id: number;
  listId: number;
  email: string;
  domain: string;
  name: string;
  status: MemberStatusValue;
  mode: DeliveryModeValue;
  fields: Record<string, string>;
  joinedAt: number;
  statusAt: number;
  bounceCount: number;
  lastBounceAt: number | null;
}

export interface MemberPage {
  total: number;
  members: MemberView[];
}

export type ImportChoice = 'quiet' | 'welcome' | 'confirm';

/** One line of an import that was not added, and why. */
export interface ImportIssue {
  line: number;
  kind: 'invalid' | 'duplicate' | 'existing' | 'unsubscribed';
  text: string;
  reason: string;
}

export interface ImportReport {
  /** Records read, not counting a header row or blank lines. */
  records: number;
  added: number;
  /** Addresses already on the list, left unchanged. */
  existing: number;
  /** Addresses that left the list earlier; they stay unsubscribed. */
  unsubscribed: number;
  duplicates: number;
  invalid: number;
  /** The first issues by line number; `issuesOmitted` counts the rest. */
  issues: ImportIssue[];
  issuesOmitted: number;
  choice: ImportChoice;
  /** What the choice did, in words, for the report screen. */
  choiceNote: string;
  durationMs: number;
}

export interface ImportProgress {
  importId: string;
  phase: 'parse' | 'insert' | 'done';
  done: number;
  total: number;
}

export interface PostProgressView {
  total: number;
  queued: number;
  deferred: number;
  delivered: number;
  failed: number;
  remaining: number;
}

export interface PostView {
  id: number;
  kind: 'post' | 'notice';
  listId: number | null;
  listName: string | null;
  sender: string;
  subject: string;
  messageId: string | null;
  state: 'fanout' | 'sending' | 'done';
  createdAt: number;
  finishedAt: number | null;
  progress: PostProgressView;
}

export interface DeliveryView {
  id: number;
  postId: number;
  memberId: number | null;
  rcpt: string;
  domain: string;
  status: DeliveryStatusValue;
  attempts: number;
  nextAttemptAt: number;
  lastAttemptAt: number | null;
  remoteHost: string | null;
  replyCode: number | null;
  reply: string | null;
}

export interface DeliveryPage {
  total: number;
  deliveries: DeliveryView[];
  /** Domains of this post's copies with their counts, largest first (at most 50). */
  domains: { domain: string; count: number }[];
}

export interface DeliveryAttempt {
  at: number;
  action: string;
  remoteHost: string | null;
  replyCode: number | null;
  reply: string | null;
}

export interface HeldMember extends MemberView {
  listName: string;
  lastReason: string | null;
  lastDetail: string | null;
}

export interface HeldPage {
  total: number;
  members: HeldMember[];
}

export interface BounceView {
  id: number;
  receivedAt: number;
  source: 'dsn' | 'smtp';
  postId: number | null;
  rcpt: string | null;
  attributedBy: string;
  kind: 'hard' | 'soft' | null;
  reason: string | null;
  status: string | null;
  replyCode: number | null;
  detail: string | null;
  counted: boolean;
  /** Whether the returned message is stored and `bounces.raw` can show it. */
  hasRaw: boolean;
}

export interface SettingDescription {
  key: SettingKey;
  why: string;
  restart: boolean;
  secret: boolean;
  default: unknown;
  /** Allowed values when the setting is a choice. */
  options: string[] | null;
}

export interface SettingsView {
  /** Current values; secrets are replaced by an empty string. */
  values: Settings;
  /** Secret keys that have a value. */
  secretsSet: SettingKey[];
  definitions: SettingDescription[];
}

/** Events the engine pushes to every connected admin client. */
export interface AdminEvents {
  'server.status': ServerStatus;
  'post.progress': { postId: number; progress: PostProgressView; done: boolean };
  'import.progress': ImportProgress;
  log: LogLine;
}

export type AdminEventName = keyof AdminEvents;
