import { z } from 'zod';

import { documentNames } from '../documents/defaults.ts';
import { listSettingsSchema, listTypes, type ListSettings } from '../lists/settings.ts';
import type {
  ActivityDay,
  BounceView,
  DeliveryAttempt,
  DeliveryPage,
  DetectView,
  DocumentView,
  GuideResult,
  HeldPage,
  ImportReport,
  ListSummary,
  ListView,
  LogLine,
  MemberPage,
  MemberView,
  PostView,
  RelayView,
  ServerStatus,
  SettingsView,
  VerifyView,
} from './views.ts';
import { deliveryModeValues, deliveryStatusValues, memberStatusValues } from './views.ts';

export type * from './views.ts';

/**
 * The admin RPC contract: every method with the schema its input must pass and the
 * type of its result. The MessagePort and HTTP transports both carry exactly these
 * methods; a failed call returns an ErrorRecord ({ kind, message }) instead of a result.
 */
function method<Output>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });
}

const id = z.number().int().positive();
const empty = z.object({}).strict();
const page = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) };
const listInput = z.object({ listId: id });
/** "host:port"; the relocation methods parse it and accept loopback addresses only. */
const address = z.string().trim().min(1).max(300);
/** Milliseconds to wait for the connection and for each reply, instead of the probe's defaults. */
const probeTimeout = z.number().int().min(100).max(60_000).optional();

/** List settings to change: every key optional and without its default, so absent keys keep their value. */
const listSettingsChanges = z
  .object(
    Object.fromEntries(
      Object.entries(listSettingsSchema.shape).map(([key, schema]) => [
        key,
        (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional(),
      ]),
    ),
  )
  .strict() as unknown as z.ZodType<Partial<ListSettings>>;

export const contract = {
  /** The server's state: listeners, queue, rates and recent errors. */
  'server.status': method<ServerStatus>()(empty),
  /** Deliveries and bounces per UTC day over the last `days` days, oldest first. */
  'server.activity': method<ActivityDay[]>()(z.object({ days: z.number().int().min(1).max(90).default(14) })),
  /** Start accepting SMTP connections; delivery runs either way. */
  'server.startSmtp': method<ServerStatus>()(empty),
  'server.stopSmtp': method<ServerStatus>()(empty),

  'lists.list': method<ListSummary[]>()(empty),
  'lists.get': method<ListSummary>()(listInput),
  'lists.create': method<ListView>()(
    z.object({
      name: z.string().trim().min(1),
      host: z.string().trim().min(1),
      type: z.enum(listTypes).default('discussion'),
      settings: listSettingsChanges.default({}),
    }),
  ),
  'lists.update': method<ListView>()(
    z.object({
      listId: id,
      host: z.string().trim().min(1).optional(),
      type: z.enum(listTypes).optional(),
      settings: listSettingsChanges.default({}),
    }),
  ),
  /** Delete a list with its members and posts. `confirmName` must repeat the list's name. */
  'lists.delete': method<{ deleted: true }>()(z.object({ listId: id, confirmName: z.string() })),

  /** Every document of a list with its current text, where that comes from, and its merge tags. */
  'lists.documents': method<DocumentView[]>()(listInput),
  /**
   * Store a list's own subject and body for a document, or with `reset` remove it so
   * the server's default or the built-in text applies again. Returns the document as
   * it now resolves. Unknown merge tags are rejected.
   */
  'lists.setDocument': method<DocumentView>()(
    z
      .object({
        listId: id,
        name: z.enum(documentNames),
        subject: z
          .string()
          .trim()
          .min(1)
          .max(500)
          .regex(/^[^\r\n]*$/, 'a subject is one line; remove the line breaks')
          .optional(),
        body: z.string().min(1).max(256 * 1024).optional(),
        reset: z.boolean().default(false),
      })
      .strict()
      .superRefine((input, ctx) => {
        if (input.reset) {
          if (input.subject !== undefined || input.body !== undefined) {
            ctx.addIssue({ code: 'custom', path: ['reset'], message: 'reset takes no subject or body; send one or the other' });
          }
          return;
        }
        for (const key of ['subject', 'body'] as const) {
          if (input[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required unless reset is true` });
        }
      }),
  ),

  'members.query': method<MemberPage>()(
    z.object({
      listId: id,
      search: z.string().max(200).optional(),
      status: z.enum(memberStatusValues).optional(),
      mode: z.enum(deliveryModeValues).optional(),
      sort: z.enum(['email', 'name', 'joined', 'status']).default('email'),
      descending: z.boolean().default(false),
      ...page,
    }),
  ),
  'members.add': method<MemberView>()(
    z.object({
      listId: id,
      email: z.string().trim().min(1),
      name: z.string().trim().max(200).default(''),
      status: z.enum(memberStatusValues).default('normal'),
      mode: z.enum(deliveryModeValues).default('mail'),
    }),
  ),
  'members.update': method<MemberView>()(
    z.object({
      memberId: id,
      name: z.string().trim().max(200).optional(),
      status: z.enum(memberStatusValues).optional(),
      mode: z.enum(deliveryModeValues).optional(),
    }),
  ),
  /** Unsubscribe (kept for suppression and history) or delete members outright. */
  'members.remove': method<{ removed: number }>()(
    z.object({
      memberIds: z.array(id).min(1).max(10_000),
      mode: z.enum(['unsubscribe', 'delete']).default('unsubscribe'),
    }),
  ),
  /**
   * Import CSV or pasted addresses. Progress arrives as `import.progress` events
   * carrying the caller's `importId`; the result is the line-by-line report.
   */
  'members.import': method<ImportReport>()(
    z.object({
      listId: id,
      text: z.string().max(64 * 1024 * 1024),
      choice: z.enum(['quiet', 'welcome', 'confirm']).default('quiet'),
      importId: z.string().min(1).max(100),
    }),
  ),
  'members.export': method<{ filename: string; csv: string; count: number }>()(
    z.object({ listId: id, status: z.enum(memberStatusValues).optional() }),
  ),

  'posts.list': method<{ posts: PostView[] }>()(
    z.object({ listId: id.optional(), kind: z.enum(['post', 'notice']).optional(), ...page }),
  ),
  'posts.get': method<PostView>()(z.object({ postId: id })),
  'posts.deliveries': method<DeliveryPage>()(
    z.object({
      postId: id,
      status: z.enum(deliveryStatusValues).optional(),
      domain: z.string().trim().max(255).optional(),
      search: z.string().max(200).optional(),
      ...page,
    }),
  ),
  'posts.attempts': method<DeliveryAttempt[]>()(z.object({ deliveryId: id })),
  /** Queue the failed copies of a post again and wake delivery. */
  'posts.resendFailed': method<{ requeued: number }>()(z.object({ postId: id })),

  'bounces.held': method<HeldPage>()(z.object({ listId: id.optional(), search: z.string().max(200).optional(), ...page })),
  'bounces.history': method<BounceView[]>()(z.object({ memberId: id })),
  /** The returned message of one bounce, as text (at most 256 KiB). */
  'bounces.raw': method<{ raw: string; truncated: boolean }>()(z.object({ bounceId: id })),
  /** Put a held member back to normal delivery and clear their bounce count. */
  'bounces.reinstate': method<MemberView>()(z.object({ memberId: id })),

  'settings.get': method<SettingsView>()(empty),
  /** Validate every change first, then store them all; keys absent from `changes` keep their value. */
  'settings.update': method<SettingsView>()(z.object({ changes: z.record(z.string(), z.unknown()) })),

  /** Name the MTA listening on a loopback address (default 127.0.0.1:25) from its greeting and EHLO reply. */
  'relocation.detect': method<DetectView>()(z.object({ address: address.default('127.0.0.1:25'), timeoutMs: probeTimeout })),
  /**
   * The steps to move an MTA (id or common name, such as "postfix") to `to`, default
   * 127.0.0.1:2525, and to undo that. Without `mta`, the one on 127.0.0.1:25 is detected.
   */
  'relocation.guide': method<GuideResult>()(
    z.object({ mta: z.string().trim().min(1).max(60).optional(), to: address.optional() }),
  ),
  /** Check that the relocated MTA greets at its new loopback address, as a server other than Lyre. */
  'relocation.verify': method<VerifyView>()(z.object({ address, timeoutMs: probeTimeout })),
  /** Connect to relay.host now and return the relay status that server.status carries. */
  'relocation.checkRelay': method<RelayView>()(empty),

  'logs.recent': method<LogLine[]>()(
    z.object({ limit: z.number().int().min(1).max(1000).default(200), minLevel: z.number().int().min(0).default(0) }),
  ),
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes: defaults may be left out. */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What an implementation receives, after parsing and defaults. */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Contract[M]['output'];

export const methodNames = Object.keys(contract) as MethodName[];
