import { z } from 'zod';

import { LyreError } from '../errors.ts';
import { describeIssue } from './describe-issue.ts';

/**
 * Server settings, declared once: every key with its type, default and reason.
 * Values live in the store's `settings` table; a key that was never set has its
 * default. `restart: true` marks keys that a running server reads only at start.
 */
export interface SettingDefinition<T> {
  schema: z.ZodType<T>;
  default: T;
  why: string;
  restart?: boolean;
  /** Hidden from `config get` listings and logs. */
  secret?: boolean;
}

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().min(1);
const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:]+)(:\d{1,5})?$/, 'expected host or host:port');
const durationList = z
  .string()
  .regex(/^\s*\d+[smhd](\s*,\s*\d+[smhd])*\s*$/, 'expected durations such as 30m,12h,1d');
const duration = z.string().regex(/^\d+[smhd]$/, 'expected a duration such as 3d or 90m');

function def<T>(d: SettingDefinition<T>): SettingDefinition<T> {
  return d;
}

export const settingsSchema = {
  'smtp.port': def({
    schema: port,
    default: 25,
    why: 'Port of the SMTP server that receives list mail; 25 is where other servers deliver.',
    restart: true,
  }),
  'smtp.fallbackPort': def({
    schema: port,
    default: 2525,
    why: 'Port used when smtp.port cannot be bound (no permission or already in use).',
    restart: true,
  }),
  'smtp.host': def({
    schema: z.string(),
    default: '',
    why: 'Address the SMTP server binds; empty binds every interface.',
    restart: true,
  }),
  'smtp.hostname': def({
    schema: z.string(),
    default: '',
    why: 'Name in the greeting banner and Received lines; empty uses the machine name.',
  }),
  'smtp.maxMessageSize': def({
    schema: positive,
    default: 25 * 1024 * 1024,
    why: 'Largest message accepted, in bytes; advertised with SIZE and enforced while data streams in.',
  }),
  'smtp.maxRecipients': def({
    schema: positive,
    default: 100,
    why: 'Recipients accepted per message; further RCPT TO commands get 452.',
  }),
  'smtp.maxConnectionsPerIp': def({
    schema: positive,
    default: 20,
    why: 'Concurrent connections from one client address; more are refused with 421.',
  }),
  'smtp.maxClients': def({
    schema: positive,
    default: 500,
    why: 'Concurrent SMTP connections in all.',
    restart: true,
  }),
  'smtp.socketTimeout': def({
    schema: positive,
    default: 300_000,
    why: 'Milliseconds of client silence before the connection is closed (RFC 5321 4.5.3.2 suggests 5 minutes).',
    restart: true,
  }),
  'smtp.greetingDelay': def({
    schema: z.coerce.number().int().min(0).max(10_000),
    default: 100,
    why: 'Milliseconds before the greeting; a client that sends first is rejected as an early talker, as spam bots do. 0 greets at once.',
    restart: true,
  }),
  'smtp.tlsKey': def({
    schema: z.string(),
    default: '',
    why: 'Path of a PEM private key; with smtp.tlsCert it enables STARTTLS.',
    restart: true,
  }),
  'smtp.tlsCert': def({
    schema: z.string(),
    default: '',
    why: 'Path of a PEM certificate chain for STARTTLS.',
    restart: true,
  }),
  'http.port': def({
    schema: port,
    default: 8025,
    why: 'Port of the HTTP server for unsubscribe links, member pages and the admin app.',
    restart: true,
  }),
  'http.host': def({
    schema: z.string(),
    default: '127.0.0.1',
    why: 'Address the HTTP server binds; loopback by default so the admin app is not exposed.',
    restart: true,
  }),
  'http.publicUrl': def({
    schema: z.string().refine((v) => v === '' || /^https?:\/\/[^\s/]+/.test(v), 'expected an http(s) URL'),
    default: '',
    why: 'Base URL members reach the HTTP server at, used in unsubscribe links; empty uses http://localhost:<http.port>.',
  }),
  'delivery.mode': def({
    schema: z.enum(['mx', 'smarthost', 'capture']),
    default: 'mx' as 'mx' | 'smarthost' | 'capture',
    why: 'mx sends to each domain\'s MX; smarthost hands everything to one relay; capture writes .eml files.',
  }),
  'delivery.smarthost': def({
    schema: z.union([z.literal(''), hostPort]),
    default: '',
    why: 'host:port of the relay used in smarthost mode.',
  }),
  'delivery.smarthostTls': def({
    schema: z.enum(['starttls', 'required', 'tls', 'none']),
    default: 'starttls' as 'starttls' | 'required' | 'tls' | 'none',
    why: 'starttls upgrades when offered; required fails without it; tls connects with implicit TLS; none never encrypts.',
  }),
  'delivery.smarthostVerifyCertificate': def({
    schema: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
    default: true,
    why: "Check the smarthost's TLS certificate; turn off only for a relay with a self-signed certificate.",
  }),
  'delivery.smarthostUser': def({
    schema: z.string(),
    default: '',
    why: 'Username for SMTP AUTH at the smarthost; empty sends no AUTH.',
  }),
  'delivery.smarthostPassword': def({
    schema: z.string(),
    default: '',
    why: 'Password for SMTP AUTH at the smarthost.',
    secret: true,
  }),
  'delivery.captureDir': def({
    schema: z.string(),
    default: '',
    why: 'Folder for .eml files in capture mode; empty uses "outbox" in the data folder.',
  }),
  'delivery.dnsServers': def({
    schema: z.string().refine(
      (v) => v.trim() === '' || v.split(',').every((s) => hostPort.safeParse(s.trim()).success),
      'expected comma-separated host or host:port',
    ),
    default: '',
    why: 'DNS servers for MX look-ups, comma-separated host or host:port; empty uses the system resolvers.',
  }),
  'delivery.mxPort': def({
    schema: port,
    default: 25,
    why: 'Port connected to on MX hosts; only tests on loopback need another.',
  }),
  'delivery.concurrency': def({
    schema: positive,
    default: 200,
    why: 'Concurrent outbound SMTP sessions in all.',
  }),
  'delivery.perDomainConnections': def({
    schema: positive,
    default: 5,
    why: 'Concurrent connections to one destination domain in mx mode.',
  }),
  'delivery.smarthostConnections': def({
    schema: positive,
    default: 20,
    why: 'Concurrent connections to the smarthost in smarthost mode.',
  }),
  'delivery.messagesPerConnection': def({
    schema: positive,
    default: 100,
    why: 'Messages sent over one connection before it is closed and reopened.',
  }),
  'delivery.retrySchedule': def({
    schema: durationList,
    default: '30m,12h,1d',
    why: 'Waits between attempts after a temporary failure; the last wait repeats until delivery.retryFor.',
  }),
  'delivery.retryFor': def({
    schema: duration,
    default: '3d',
    why: 'How long a temporarily failing recipient is retried before it fails.',
  }),
  'delivery.timeout': def({
    schema: positive,
    default: 60_000,
    why: 'Milliseconds to wait for each reply from a remote SMTP server.',
  }),
  'delivery.throttleBackoff': def({
    schema: positive,
    default: 60_000,
    why: 'Milliseconds a domain is paused, with its connections halved, after a 421 or 451 reply.',
  }),
  'delivery.heloName': def({
    schema: z.string(),
    default: '',
    why: 'Name sent in EHLO; empty uses smtp.hostname or the machine name.',
  }),
  'relay.host': def({
    schema: z.union([
      z.literal(''),
      z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'expected host:port such as 127.0.0.1:2525'),
    ]),
    default: '',
    why: 'host:port the machine\'s own mail server was moved to (for example 127.0.0.1:2525); mail for addresses Lyre does not own is forwarded there. Empty rejects such mail.',
  }),
  'relay.domains': def({
    schema: z.string().refine(
      (v) => v.trim() === '' || v.split(',').every((d) => /^[^\s@%!,[\]]+\.[^\s@%!,[\]]+$/.test(d.trim())),
      'expected comma-separated domains such as example.org,example.net',
    ),
    default: '',
    why: 'Comma-separated domains the relocated mail server receives mail for. Only recipients in these domains are forwarded; others get 550, so Lyre is never an open relay.',
  }),
  'commands.maxRepliesPerDay': def({
    schema: positive,
    default: 10,
    why: 'Automatic replies (command results, confirmation requests) one address gets per UTC day; more are held back and logged, which stops loops with other robots.',
  }),
  'members.confirmExpiry': def({
    schema: duration,
    default: '7d',
    why: 'How long a confirmation request (double opt-in, or an unsubscription for another address) stays valid.',
  }),
  'log.level': def({
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']),
    default: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    why: 'Lowest level written to the log.',
    restart: true,
  }),
} as const;

export type SettingsSchema = typeof settingsSchema;
export type SettingKey = keyof SettingsSchema;
export type SettingValue<K extends SettingKey> = SettingsSchema[K]['default'];
export type Settings = { [K in SettingKey]: SettingValue<K> };

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingsSchema, key);
}

/** Parse a value given as text (command line, form) into the key's type, or throw a message naming both. */
export function parseSetting<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> {
  const definition = settingsSchema[key] as SettingDefinition<SettingValue<K>>;
  const result = definition.schema.safeParse(typeof raw === 'string' ? raw.trim() : raw);
  if (!result.success) {
    const issue = describeIssue(result.error.issues[0]);
    throw new LyreError('invalid', `Invalid value ${JSON.stringify(raw)} for ${key}: ${issue}.`);
  }
  return result.data;
}

/** Parse "30m,12h,1d" into milliseconds. */
export function parseDurations(text: string): number[] {
  return text.split(',').map((part) => parseDuration(part.trim()));
}

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) throw new Error(`Invalid duration ${JSON.stringify(text)}: expected a number and s, m, h or d.`);
  return Number(match[1]) * unitMs[match[2]!]!;
}
