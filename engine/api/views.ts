import type { DocumentName } from '../documents/defaults.ts';
import type { ErrorKind } from '../errors.ts';
import type { ListSettings, ListType } from '../lists/settings.ts';
import type { SettingKey, Settings } from '../config/schema.ts';
import type { MtaId } from '../relay/fingerprints.ts';
import type { GuideStep } from '../relay/guides.ts';

/**
 * The shapes that cross the admin API boundary. They are plain data (numbers for
 * times, in milliseconds since the epoch), so that they survive structured cloning
 * and JSON alike. This file imports only pure modules, so the renderer can type
 * check against it without Node's types.
 */

export type { DocumentName, ErrorKind, GuideStep, ListSettings, ListType, MtaId, SettingKey, Settings };

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
  relay: RelayView;
}

/** Lyre's last connection to the relocated MTA (relay.host), from forwarding or a check. */
export interface RelayView {
  /** relay.host, or "" when forwarding is off. */
  host: string;
  /** null until the first connection attempt. */
  reachable: boolean | null;
  lastError: string | null;
  checkedAt: number | null;
}

export interface SmtpReplyView {
  code: number;
  lines: string[];
}

export interface MtaIdentityView {
  id: MtaId;
  name: string;
  version: string | null;
  evidence: 'greeting' | 'ehlo' | 'none';
}

/** The result of probing a loopback address: its greeting, EHLO reply and software. */
export interface DetectView {
  host: string;
  port: number;
  outcome: 'smtp' | 'nothing-listening' | 'not-smtp' | 'timeout' | 'unreachable';
  greeting: SmtpReplyView | null;
  ehlo: SmtpReplyView | null;
  /** EHLO extension keywords, upper-case. */
  extensions: string[];
  software: MtaIdentityView | null;
  errorCode: string | null;
  /** The first line a service that is not SMTP sent. */
  received: string | null;
  detail: string | null;
  /** The finding in one sentence. */
  summary: string;
  elapsedMs: number;
}

/** The steps to move one MTA to `target` and Lyre onto port 25, and the steps to undo that. */
export interface GuideView {
  id: MtaId;
  name: string;
  target: { host: string; port: number };
  /** The configuration files the steps edit. */
  files: string[];
  steps: GuideStep[];
  undo: GuideStep[];
  notes: string[];
}

export interface GuideResult {
  /** The probe of 127.0.0.1:25 when no MTA was named, else null. */
  detected: DetectView | null;
  /** null when no MTA was named and nothing listens on 127.0.0.1:25, so nothing needs to move. */
  guide: GuideView | null;
  /** Every MTA with a guide, for choosing another one. */
  available: { id: MtaId; name: string }[];
}

export interface VerifyView {
  /** True only when an SMTP server other than Lyre greets with 220, so forwarding can work. */
  ok: boolean;
  outcome: 'answered' | 'is-lyre' | 'refusing' | 'nothing-listening' | 'not-smtp' | 'timeout' | 'unreachable';
  host: string;
  port: number;
  software: MtaIdentityView | null;
  /** The result in one sentence. */
  message: string;
  detect: DetectView;
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

/** Where a document's text comes from, as resolveDocument reports it. */
export type DocumentSource = 'list' | 'server' | 'built-in';

/** A merge tag that a document may contain, written `{{tag}}`. */
export interface MergeTagView {
  tag: string;
  meaning: string;
}

/** One document of a list: the text Lyre sends now, and the text a reset would bring back. */
export interface DocumentView {
  name: DocumentName;
  purpose: string;
  subject: string;
  body: string;
  /** Where the current text comes from: the list's own, the server's default or the built-in text. */
  source: DocumentSource;
  /** The server's or built-in text that applies when the list has none of its own. */
  inherited: { subject: string; body: string; source: Exclude<DocumentSource, 'list'> };
  /** The tags that have a value when this document is sent. */
  mergeTags: MergeTagView[];
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
