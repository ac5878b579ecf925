import { findAddresses } from './addresses.ts';
import { parseMime, partText, walkParts, type MimePart } from './mime.ts';

export interface FeedbackReport {
  /** Feedback-Type (RFC 5965 3.1): abuse, fraud, virus, not-spam, other. */
  feedbackType: string;
  /** The complaining recipients: Original-Rcpt-To, else the To of the reported message. */
  recipients: string[];
}

/** Read an abuse feedback report (ARF, RFC 5965), or return null when the message is not one. */
export function readFeedbackReport(root: MimePart): FeedbackReport | null {
  const parts = [...walkParts(root)];
  const isReport =
    root.contentType === 'multipart/report' && /^feedback-report$/i.test(root.params['report-type'] ?? '');
  // Some reporters send the fields as a text part of a multipart/mixed message.
  const report =
    parts.find((p) => p.contentType === 'message/feedback-report') ??
    parts.find(
      (p) =>
        p.parts.length === 0 && p.contentType.startsWith('text/') && looksLikeFeedbackFields(partText(p)),
    );
  if (!report && !isReport) return null;

  const fields = report ? partText(report) : '';
  const feedbackType = /^Feedback-Type:\s*([\w-]+)/im.exec(fields)?.[1]?.toLowerCase() ?? 'abuse';
  const rcptTo = [...fields.matchAll(/^Original-Rcpt-To:\s*(.+)$/gim)].flatMap((m) => findAddresses(m[1]!));
  if (rcptTo.length > 0) return { feedbackType, recipients: rcptTo };

  const original = parts.find(
    (p) => p.contentType === 'message/rfc822' || p.contentType === 'text/rfc822-headers',
  );
  const to = original ? parseMime(original.body).headers.get('to')?.join(', ') : undefined;
  return { feedbackType, recipients: to ? findAddresses(to) : [] };
}

function looksLikeFeedbackFields(text: string): boolean {
  return (
    /^Feedback-Type:\s*[\w-]+\s*$/im.test(text) &&
    /^(?:User-Agent|Version|Original-Mail-From|Arrival-Date|Source-IP):/im.test(text)
  );
}
