import { findAddresses } from './addresses.ts';
import { diagnose } from './diagnose.ts';
import {
  findDeliveryStatusInText,
  parseDeliveryStatus,
  type DeliveryStatus,
  type DsnRecipient,
} from './dsn.ts';
import { readFeedbackReport } from './feedback.ts';
import { headerValue, parseMime, partText, walkParts, type MimePart } from './mime.ts';
import { identifyMta } from './mta.ts';
import { readNotice } from './notice.ts';
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

/** Facts read from a report before anything is decided. */
interface Evidence {
  root: MimePart;
  subject: string;
  from: string;
  fromAddress: string | null;
  headerBlock: string;
  notice: string;
  /** True when the notice part went on with a copy of the returned message. */
  noticeHadCopy: boolean;
  ownAddresses: Set<string>;
  failedRecipientsHeader: string[];
  memberId?: string;
}

/**
 * Classify a message that arrived at a bounce address: a DSN (RFC 3464), an MTA's own
 * failure notice, a delay notice, an autoreply, an abuse report (RFC 5965), or something
 * else. A message it cannot read is a 'non-bounce'.
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

  // A read receipt (message disposition notification, RFC 8098) is not a bounce.
  if (isDispositionNotification(evidence.root)) return finish(evidence, 'non-bounce', [], null);

  const dsn = findDeliveryStatus(evidence);
  if (dsn && dsn.recipients.length > 0) return fromDeliveryStatus(evidence, dsn);
  return fromNotice(evidence);
}

function isDispositionNotification(root: MimePart): boolean {
  if (
    root.contentType === 'multipart/report' &&
    /^disposition-notification$/i.test(root.params['report-type'] ?? '')
  ) {
    return true;
  }
  return [...walkParts(root)].some((part) => part.contentType === 'message/disposition-notification');
}

function readEvidence(raw: Buffer): Evidence {
  const root = parseMime(raw);
  const from = headerValue(root, 'from') ?? '';
  const fromAddress = findAddresses(from)[0] ?? null;
  const ownAddresses = new Set<string>();
  for (const name of ['from', 'to', 'cc', 'reply-to', 'sender', 'return-path']) {
    for (const value of root.headers.get(name) ?? [])
      for (const address of findAddresses(value)) ownAddresses.add(address);
  }
  const headerBlock = [...root.headers]
    .map(([name, values]) => values.map((v) => `${name}: ${v}`).join('\n'))
    .join('\n');
  const failed = (root.headers.get('x-failed-recipients') ?? []).flatMap((value) => findAddresses(value));
  const memberId = findMemberId(raw, root);
  const notice = readNotice(root);

  return {
    root,
    subject: headerValue(root, 'subject') ?? '',
    from,
    fromAddress,
    headerBlock,
    notice: notice.text,
    noticeHadCopy: notice.hadReturnedCopy,
    ownAddresses,
    failedRecipientsHeader: failed,
    ...(memberId ? { memberId } : {}),
  };
}

/** Merge the report's delivery-status parts, else read DSN fields written into its text. */
function findDeliveryStatus(evidence: Evidence): DeliveryStatus | null {
  const merged: DeliveryStatus = { reportingMta: null, recipients: [] };
  for (const part of walkParts(evidence.root)) {
    if (
      part.contentType === 'message/delivery-status' ||
      part.contentType === 'message/global-delivery-status'
    ) {
      const status = parseDeliveryStatus(partText(part));
      merged.reportingMta ??= status.reportingMta;
      merged.recipients.push(...status.recipients);
    }
  }
  if (merged.recipients.length > 0) return merged;

  // Some MTAs write the fields into the notice or into a text attachment instead.
  for (const part of walkParts(evidence.root)) {
    if (
      part.parts.length > 0 ||
      !part.contentType.startsWith('text/') ||
      part.contentType === 'text/rfc822-headers'
    )
      continue;
    const status = findDeliveryStatusInText(partText(part));
    if (status) return status;
  }
  return null;
}

function fromDeliveryStatus(evidence: Evidence, dsn: DeliveryStatus): BounceReport {
  const textRecipients = findTextRecipients(evidence.notice, textContext(evidence));
  const reportKind = wordingKind(evidence.notice);
  const withAction = dsn.recipients.map((r) => ({ ...r, action: r.action ?? impliedAction(r, evidence) }));

  const failed = withAction.filter((r) => r.action === 'failed');
  const delayed = withAction.filter((r) => r.action === 'delayed');
  if (failed.length === 0 && delayed.length === 0)
    return finish(evidence, 'delivery-success', [], dsn.reportingMta);
  const type: BounceType = failed.length > 0 ? 'failure' : 'delay';

  const chosen = type === 'failure' ? failed : delayed;
  const defaultKind: BounceKind = type === 'failure' ? 'hard' : 'soft';
  let recipients = chosen.flatMap((r) =>
    r.address ? [dsnRecipient(r, textRecipients, reportKind, defaultKind)] : [],
  );

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
  const status =
    diagnosis.status && !/^[245]\.0\.0$/.test(diagnosis.status)
      ? diagnosis.status
      : (diagnosis.status ?? null);
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
  const hasFailureWording = failureWording.test(notice);
  // A person's reply or forward about a bounce is not one.
  const bouncySubject = bounceSubject.test(subject) && (isDaemon || !replyPrefix.test(subject));

  const hasDelayWording =
    (delayWording.test(subject) || delayWording.test(notice)) && !permanentWording.test(notice);

  if (
    isAutoreply(evidence, isDaemon) &&
    !(isDaemon && (bouncySubject || hasFailureWording || hasDelayWording))
  ) {
    return finish(evidence, 'autoreply', [], null);
  }
  if (!isDaemon && challengeWording.test(`${subject}\n${notice}`)) {
    return finish(evidence, 'challenge-response', [], null);
  }

  const textRecipients = findTextRecipients(notice, textContext(evidence));
  const namesReplyCode = /(?<![\d.])[45]\d\d[\s-]|(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?![\d.])/.test(notice);
  const hasBounceEvidence =
    evidence.failedRecipientsHeader.length > 0 ||
    (isDaemon && (bouncySubject || hasFailureWording)) ||
    (bouncySubject && hasFailureWording) ||
    (isSystemSender(evidence) && textRecipients.length > 0 && namesReplyCode);
  if (hasDelayWording && (isDaemon || bouncySubject)) {
    return finish(evidence, 'delay', noticeRecipients(evidence, textRecipients, 'soft'), null);
  }
  if (isDaemon && !hasFailureWording && successWording.test(`${subject}\n${notice}`)) {
    return finish(evidence, 'delivery-success', [], null);
  }
  // Without a named recipient, a notice must look like a report, not a lure that copies
  // the words: an SMTP code, a returned copy, or Lyre's own member header.
  const looksLikeReport =
    textRecipients.length > 0 ||
    evidence.failedRecipientsHeader.length > 0 ||
    namesReplyCode ||
    evidence.noticeHadCopy ||
    returnedHeaders(evidence.root) !== null ||
    evidence.memberId !== undefined;
  if (hasBounceEvidence && looksLikeReport) {
    return finish(evidence, 'failure', noticeRecipients(evidence, textRecipients, wordingKind(notice)), null);
  }
  return finish(evidence, 'non-bounce', [], null);
}

/** Recipients of a notice without DSN fields: X-Failed-Recipients first, else the notice's words. */
function noticeRecipients(
  evidence: Evidence,
  textRecipients: TextRecipient[],
  reportKind: BounceKind | null,
): BounceRecipient[] {
  const defaultKind: BounceKind = reportKind ?? 'hard';
  const addresses = fallbackAddresses(evidence, textRecipients);
  const single = addresses.length === 1;

  return addresses.map((address) => {
    const own = textRecipients.find((t) => t.address === address)?.diagnostic ?? '';
    // With one recipient, the whole notice explains it when its own lines carry no code.
    const text = single && diagnose({ text: own }).kind === null ? `${own}\n${evidence.notice}` : own;
    const diagnosis = diagnose({ text, reportKind });
    const kind =
      reportKind === 'soft' && diagnosis.kind === 'hard' && !diagnosis.status
        ? 'soft'
        : (diagnosis.kind ?? defaultKind);
    return { address, kind, reason: diagnosis.reason, status: diagnosis.status, diagnostic: own || null };
  });
}

/**
 * X-Failed-Recipients (Exim, Gmail), else the notice's words, else the single To address
 * of the returned copy: Lyre sends every member a copy of their own, so that To is the
 * member when the notice names no recipient.
 */
function fallbackAddresses(evidence: Evidence, textRecipients: TextRecipient[]): string[] {
  if (evidence.failedRecipientsHeader.length > 0) return evidence.failedRecipientsHeader;
  if (textRecipients.length > 0) return textRecipients.map((t) => t.address);
  const returned = returnedHeaders(evidence.root);
  const to = returned ? findAddresses((returned.get('to') ?? []).join(', ')) : [];
  return to.length === 1 && !evidence.ownAddresses.has(to[0]!) ? to : [];
}

/** Parse the header block of the returned copy, from a message/rfc822 or text/rfc822-headers part. */
function returnedHeaders(root: MimePart): Map<string, string[]> | null {
  for (const part of walkParts(root)) {
    if (part.contentType === 'message/rfc822' || part.contentType === 'text/rfc822-headers') {
      return parseMime(part.body).headers;
    }
  }
  return null;
}

function finish(
  evidence: Evidence,
  type: BounceType,
  recipients: BounceRecipient[],
  reportingMta: string | null,
): BounceReport {
  const lead =
    recipients.find((r) => r.kind === 'hard') ?? recipients.find((r) => r.kind === 'soft') ?? recipients[0];
  const mta = identifyMta({
    headers: evidence.headerBlock,
    from: evidence.from,
    notice: evidence.notice,
    reportingMta,
  });
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
  const domain = evidence.fromAddress
    ? evidence.fromAddress.slice(evidence.fromAddress.lastIndexOf('@') + 1)
    : null;
  return { ownAddresses: evidence.ownAddresses, reportingDomain: domain };
}

function wordingKind(notice: string): BounceKind | null {
  if (permanentWording.test(notice)) return 'hard';
  if (temporaryWording.test(notice)) return 'soft';
  return null;
}

/** Tell whether the sender is a mail system (MAILER-DAEMON, postmaster, empty), not a list server or a person. */
function isSystemSender(evidence: Evidence): boolean {
  const from = evidence.from.trim();
  if (from === '' || /^<>/.test(from)) return true;
  const local =
    evidence.fromAddress?.slice(0, evidence.fromAddress.lastIndexOf('@')) ??
    /<([^<>@\s]+)>/.exec(from)?.[1] ??
    '';
  return daemonSender.localPart.test(local);
}

function isDaemonSender(evidence: Evidence): boolean {
  const from = evidence.from.trim();
  if (from === '' || from === '<>' || /^<>/.test(from)) return true;
  const address = evidence.fromAddress;
  const bracketed = /<([^<>@\s]+)>/.exec(from)?.[1];
  const local = address
    ? address.slice(0, address.lastIndexOf('@'))
    : (bracketed ?? from.replace(/[<>"]/g, ''));
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

/** Find the X-Lyre-Member-ID of the returned copy: in the raw body, else in a decoded part. */
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
