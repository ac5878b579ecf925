import { cleanAddress } from './addresses.ts';
import type { BounceRecipient, BounceType } from './types.ts';
import { diagnose } from './diagnose.ts';

export interface SesNotification {
  type: BounceType;
  recipients: BounceRecipient[];
  feedbackType?: string;
}

interface SesRecipient {
  emailAddress?: string;
  status?: string;
  diagnosticCode?: string;
}

interface SesMessage {
  notificationType?: string;
  eventType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: SesRecipient[] };
  complaint?: { complainedRecipients?: SesRecipient[]; complaintFeedbackType?: string };
  delivery?: { recipients?: string[] };
}

/**
 * Read an Amazon SES notification (JSON, possibly inside an SNS envelope) delivered by
 * mail, or return null when the text is not one.
 */
export function readSesNotification(text: string): SesNotification | null {
  const start = text.indexOf('{');
  if (start === -1 || !/notificationType|eventType/.test(text)) return null;
  const message = parseJson(text.slice(start, text.lastIndexOf('}') + 1));
  if (!message) return null;

  const type = message.notificationType ?? message.eventType;
  if (type === 'Bounce') {
    const transient = message.bounce?.bounceType !== 'Permanent';
    return {
      type: 'failure',
      recipients: (message.bounce?.bouncedRecipients ?? []).flatMap((r) =>
        sesRecipient(r, transient ? 'soft' : 'hard'),
      ),
    };
  }
  if (type === 'Complaint') {
    return {
      type: 'feedback-report',
      recipients: (message.complaint?.complainedRecipients ?? []).flatMap((r) => sesRecipient(r, null)),
      feedbackType: message.complaint?.complaintFeedbackType ?? 'abuse',
    };
  }
  if (type === 'Delivery') return { type: 'delivery-success', recipients: [] };
  return null;
}

function sesRecipient(r: SesRecipient, kind: 'hard' | 'soft' | null): BounceRecipient[] {
  const address = cleanAddress(r.emailAddress ?? '');
  if (!address) return [];
  if (kind === null) return [{ address, kind: null, reason: null, status: null, diagnostic: null }];
  const diagnosis = diagnose({ text: r.diagnosticCode ?? '', status: r.status ?? null, reportKind: kind });
  return [
    {
      address,
      kind: diagnosis.kind ?? kind,
      reason: diagnosis.reason,
      status: diagnosis.status,
      diagnostic: r.diagnosticCode ?? null,
    },
  ];
}

function parseJson(text: string): SesMessage | null {
  try {
    const value = JSON.parse(text) as SesMessage & { Type?: string; Message?: string };
    // An SNS envelope carries the SES message as a JSON string.
    if (value.Type === 'Notification' && typeof value.Message === 'string')
      return JSON.parse(value.Message) as SesMessage;
    return value;
  } catch {
    return null;
  }
}
