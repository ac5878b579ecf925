import { findAddresses } from './addresses.ts';
import { diagnose } from './diagnose.ts';
import { findDeliveryStatusInText, parseDeliveryStatus, type DeliveryStatus, type DsnRecipient } from './dsn.ts';
import { readFeedbackReport } from './feedback.ts';
import { headerValue, parseMime, partText, walkParts, type MimePart } from './mime.ts';
import { identifyMta } from './mta.ts';
import { noticeText } from './notice.ts';
import { findTextRecipients, type TextRecipient } from './recipients.ts';
import { readSesNotification } from './ses.ts';
import {
  autoreplyBody,
  autoreplyHeaders,
  autoreplySubject,
  bounceSubject,
  challengeWording,
  daemonSender,
  delayWording,
  failureWording,
  permanentWording,
  successWording,
  temporaryWording,
} from './signals.ts';
import type { BounceKind, BounceRecipient, BounceReport, BounceType } from './types.ts';

const replyPrefix = /^\s*(?:re|fwd?|aw|wg|tr|sv|antw|rif|r)\s*(?:\[\d+\])?\s*:/i;

/** What the classifier reads from a report before deciding anything. */
interface Evidence {
  root: MimePart;
  subject: string;
  from: string;
  fromAddress: string | null;
  headerBlock: string;
  notice: string;
  ownAddresses: Set<string>;
  failedRecipientsHeader: string[];
  memberId?: string;
}

/**
 * Classify a message that arrived at a bounce address: a DSN (RFC 3464), an MTA's own
 * failure notice, a delay notice, an autoreply, an abuse report (RFC 5965), or something
 * else. Never throws; an unreadable message is a 'non-bounce'.
 */
export function classifyBounce(raw: Buffer): BounceReport {
  const evidence = readEvidence(raw);
  const report = decide(evidence);
  if (evidence.memberId) report.memberId = evidence.memberId;
  return report;
}

function decide(evidence: Evidence): BounceReport {
  const feedback = readFeedbackReport(evidence.root);
  if (feedback) {
    const recipients = feedback.recipients.map((address) => emptyRecipient(address));
    return { ...finish(evidence, 'feedback-report', recipients, null), feedbackType: feedback.feedbackType };
  }

  const ses = readSesNotification(evidence.notice);
  if (ses) {
    const report = finish(evidence, ses.type, ses.recipients, null);
    return ses.feedbackType ? { ...report, feedbackType: ses.feedbackType } : report;
  }

  const dsn = findDeliveryStatus(evidence);
  if (dsn && dsn.recipients.length > 0) return fromDeliveryStatus(evidence, dsn);
  return fromNotice(evidence);
}

function readEvidence(raw: Buffer): Evidence {
  const root = parseMime(raw);
  const from = headerValue(root, 'from') ?? '';
  const fromAddress = findAddresses(from)[0] ?? null;
  const ownAddresses = new Set<string>();
  for (const name of ['from', 'to', 'cc', 'reply-to', 'sender', 'return-path']) {
    for (const value of root.headers.get(name) ?? []) for (const address of findAddresses(value)) ownAddresses.add(address);
  }
  const headerBlock = [...root.headers].map(([name, values]) => values.map((v) => `${name}: ${v}`).join('\n')).join('\n');
  const failed = (root.headers.get('x-failed-recipients') ?? []).flatMap((value) => findAddresses(value));
  const memberId = findMemberId(raw, root);

  return {
    root,
    subject: headerValue(root, 'subject') ?? '',
    from,
    fromAddress,
    headerBlock,
    notice: noticeText(root),
    ownAddresses,
    failedRecipientsHeader: failed,
    ...(memberId ? { memberId } : {}),
  };
}

function findDeliveryStatus(evidence: Evidence): DeliveryStatus | null {
  for (const part of walkParts(evidence.root)) {
    if (part.contentType === 'message/delivery-status' || part.contentType === 'message/global-delivery-status') {
      const status = parseDeliveryStatus(partText(part));
      if (status.recipients.length > 0) return status;
    }
  }
  return findDeliveryStatusInText(evidence.notice);
}

function fromDeliveryStatus(evidence: Evidence, dsn: DeliveryStatus): BounceReport {
  const textRecipients = findTextRecipients(evidence.notice, textContext(evidence));
  const reportKind = wordingKind(evidence.notice);
  const withAction = dsn.recipients.map((r) => ({ ...r, action: r.action ?? impliedAction(r, evidence) }));

  const failed = withAction.filter((r) => r.action === 'failed');
  const delayed = withAction.filter((r) => r.action === 'delayed');
  const type: BounceType = failed.length > 0 ? 'failure' : delayed.length > 0 ? 'delay' : 'delivery-success';
  if (type === 'delivery-success') return finish(evidence, type, [], dsn.reportingMta);

  const chosen = type === 'failure' ? failed : delayed;
  const defaultKind: BounceKind = type === 'failure' ? 'hard' : 'soft';
  let recipients = chosen.flatMap((r) => (r.address ? [dsnRecipient(r, textRecipients, reportKind, defaultKind)] : []));

  // Fields without a usable address: name the recipients from the notice instead.
  if (recipients.length === 0) {
    const first = chosen[0]!;
    recipients = fallbackAddresses(evidence, textRecipients).map((address) =>
      dsnRecipient({ ...first, address }, textRecipients, reportKind, defaultKind),
    );
  }
  return finish(evidence, type, recipients, dsn.reportingMta);
}

function impliedAction(r: DsnRecipient, evidence: Evidence): string {
  if (r.status?.trim().startsWith('2')) return 'delivered';
  if (delayWording.test(evidence.subject) && !permanentWording.test(evidence.notice)) return 'delayed';
  return 'failed';
}

function dsnRecipient(
  r: DsnRecipient,
  textRecipients: TextRecipient[],
  reportKind: BounceKind | null,
  defaultKind: BounceKind,
): BounceRecipient {
  const address = r.address!;
  const fromText = textRecipients.find((t) => t.address === address || t.address === r.finalRecipient);
  const diagnostic = r.diagnosticCode ?? (fromText?.diagnostic || null);
  const diagnosis = diagnose({
    text: diagnostic ?? '',
    status: r.status,
    reportKind: r.action === 'delayed' ? 'soft' : reportKind,
  });
  const status = diagnosis.status && !/^[245]\.0\.0$/.test(diagnosis.status) ? diagnosis.status : (diagnosis.status ?? null);
  return {
    address,
    kind: r.action === 'delayed' ? 'soft' : (diagnosis.kind ?? defaultKind),
    reason: diagnosis.reason,
    status,
    diagnostic,
  };
}

function fromNotice(evidence: Evidence): BounceReport {
  const { subject, notice } = evidence;
  const isDaemon = isDaemonSender(evidence);
  const saysFailure = failureWording.test(notice);
  // A person's reply or forward about a bounce is not one.
  const bouncySubject = bounceSubject.test(subject) && (isDaemon || !replyPrefix.test(subject));

  const saysDelay = (delayWording.test(subject) || delayWording.test(notice)) && !permanentWording.test(notice);

  if (isAutoreply(evidence, isDaemon) && !(isDaemon && (bouncySubject || saysFailure || saysDelay))) {
    return finish(evidence, 'autoreply', [], null);
  }
  if (!isDaemon && challengeWording.test(`${subject}\n${notice}`)) {
    return finish(evidence, 'challenge-response', [], null);
  }

  const textRecipients = findTextRecipients(notice, textContext(evidence));
  const namesReplyCode = /(?<![\d.])[45]\d\d[\s-]|(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?![\d.])/.test(notice);
  const hasBounceEvidence =
    evidence.failedRecipientsHeader.length > 0 ||
    (isDaemon && (bouncySubject || saysFailure)) ||
    (bouncySubject && saysFailure) ||
    (isSystemSender(evidence) && textRecipients.length > 0 && namesReplyCode);
  if (saysDelay && (isDaemon || bouncySubject)) {
    return finish(evidence, 'delay', noticeRecipients(evidence, textRecipients, 'soft'), null);
  }
  if (isDaemon && !saysFailure && successWording.test(`${subject}\n${notice}`)) {
    return finish(evidence, 'delivery-success', [], null);
  }
  if (hasBounceEvidence) {
    return finish(evidence, 'failure', noticeRecipients(evidence, textRecipients, wordingKind(notice)), null);
  }
  return finish(evidence, 'non-bounce', [], null);
}

/** Recipients of a notice without DSN fields: X-Failed-Recipients first, else the notice's words. */
function noticeRecipients(evidence: Evidence, textRecipients: TextRecipient[], reportKind: BounceKind | null): BounceRecipient[] {
  const defaultKind: BounceKind = reportKind ?? 'hard';
  const addresses = fallbackAddresses(evidence, textRecipients);
  const single = addresses.length === 1;

  return addresses.map((address) => {
    const own = textRecipients.find((t) => t.address === address)?.diagnostic ?? '';
    // With one recipient, the whole notice explains it when its own lines carry no code.
    const text = single && diagnose({ text: own }).kind === null ? `${own}\n${evidence.notice}` : own;
    const diagnosis = diagnose({ text, reportKind });
    const kind = reportKind === 'soft' && diagnosis.kind === 'hard' && !diagnosis.status ? 'soft' : (diagnosis.kind ?? defaultKind);
    return { address, kind, reason: diagnosis.reason, status: diagnosis.status, diagnostic: own || null };
  });
}

/**
 * X-Failed-Recipients (Exim, Gmail), else the notice's words, else the single To address
 * of the returned copy: Lyre sends every member a copy of their own, so that To is the
 * member when the notice names nobody.
 */
function fallbackAddresses(evidence: Evidence, textRecipients: TextRecipient[]): string[] {
  if (evidence.failedRecipientsHeader.length > 0) return evidence.failedRecipientsHeader;
  if (textRecipients.length > 0) return textRecipients.map((t) => t.address);
  const returned = returnedHeaders(evidence.root);
  const to = returned ? findAddresses((returned.get('to') ?? []).join(', ')) : [];
  return to.length === 1 && !evidence.ownAddresses.has(to[0]!) ? to : [];
}

/** The header block of the returned copy, from a message/rfc822 or text/rfc822-headers part. */
function returnedHeaders(root: MimePart): Map<string, string[]> | null {
  for (const part of walkParts(root)) {
    if (part.contentType === 'message/rfc822' || part.contentType === 'text/rfc822-headers') {
      return parseMime(part.body).headers;
    }
  }
  return null;
}

function finish(evidence: Evidence, type: BounceType, recipients: BounceRecipient[], reportingMta: string | null): BounceReport {
  const lead = recipients.find((r) => r.kind === 'hard') ?? recipients.find((r) => r.kind === 'soft') ?? recipients[0];
  const mta = identifyMta({ headers: evidence.headerBlock, from: evidence.from, notice: evidence.notice, reportingMta });
  return {
    isBounce: type === 'failure',
    type,
    recipients,
    kind: lead?.kind ?? null,
    reason: lead?.reason ?? null,
    status: lead?.status ?? null,
    mta,
  };
}

function emptyRecipient(address: string): BounceRecipient {
  return { address, kind: null, reason: null, status: null, diagnostic: null };
}

function textContext(evidence: Evidence) {
  const domain = evidence.fromAddress ? evidence.fromAddress.slice(evidence.fromAddress.lastIndexOf('@') + 1) : null;
  return { ownAddresses: evidence.ownAddresses, reportingDomain: domain };
}

function wordingKind(notice: string): BounceKind | null {
  if (permanentWording.test(notice)) return 'hard';
  if (temporaryWording.test(notice)) return 'soft';
  return null;
}

/** A mail system (MAILER-DAEMON, postmaster, an empty sender), not a list server or a person. */
function isSystemSender(evidence: Evidence): boolean {
  const from = evidence.from.trim();
  if (from === '' || /^<>/.test(from)) return true;
  const local = evidence.fromAddress?.slice(0, evidence.fromAddress.lastIndexOf('@')) ?? /<([^<>@\s]+)>/.exec(from)?.[1] ?? '';
  return daemonSender.localPart.test(local);
}

function isDaemonSender(evidence: Evidence): boolean {
  const from = evidence.from.trim();
  if (from === '' || from === '<>' || /^<>/.test(from)) return true;
  const address = evidence.fromAddress;
  const bracketed = /<([^<>@\s]+)>/.exec(from)?.[1];
  const local = address ? address.slice(0, address.lastIndexOf('@')) : (bracketed ?? from.replace(/[<>"]/g, ''));
  if (daemonSender.localPart.test(local) || daemonSender.listLocalPart.test(local)) return true;
  const displayName = from.replace(/<[^>]*>/g, '').replace(/"/g, '');
  return daemonSender.displayName.test(displayName);
}

/**
 * RFC 3834 headers mark autoreplies, but Exim and Postfix put "Auto-Submitted:
 * auto-replied" on their bounces too, so from a mail system only the wording counts.
 */
function isAutoreply(evidence: Evidence, isDaemon: boolean): boolean {
  const byHeader = autoreplyHeaders.some(({ name, value }) =>
    (evidence.root.headers.get(name) ?? []).some((v) => value.test(v.trim())),
  );
  const byWording = autoreplySubject.test(evidence.subject) || autoreplyBody.test(evidence.notice);
  return byWording || (byHeader && !isDaemon);
}

/** The X-Lyre-Member-ID of the returned copy: in the raw body, else in a decoded part. */
function findMemberId(raw: Buffer, root: MimePart): string | undefined {
  const pattern = /^X-Lyre-Member-ID:[ \t]*(?:\r?\n[ \t]+)?([^\s;]+)/im;
  const text = raw.toString('latin1');
  const bodyStart = text.search(/\r?\n\r?\n/);
  const inBody = bodyStart === -1 ? null : pattern.exec(text.slice(bodyStart));
  if (inBody) return inBody[1];

  for (const part of walkParts(root)) {
    if (part.parts.length > 0) continue;
    const match = pattern.exec(partText(part));
    if (match) return match[1];
  }
  return undefined;
}

