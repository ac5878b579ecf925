import { addressFromField } from './addresses.ts';

/** One recipient's fields of a delivery status notification (RFC 3464 2.3). */
export interface DsnRecipient {
  /** Original-Recipient when it is an address, else Final-Recipient, else X-Actual-Recipient. */
  address: string | null;
  finalRecipient: string | null;
  action: string | null;
  status: string | null;
  diagnosticCode: string | null;
  remoteMta: string | null;
}

export interface DeliveryStatus {
  reportingMta: string | null;
  recipients: DsnRecipient[];
}

const recipientFields = new Set([
  'original-recipient',
  'final-recipient',
  'x-actual-recipient',
  'action',
  'status',
  'remote-mta',
  'diagnostic-code',
  'last-attempt-date',
  'will-retry-until',
  'final-log-id',
]);

/**
 * Parse the body of a message/delivery-status part: a per-message group, then one group
 * per recipient, separated by blank lines. Reports that leave out the blank lines are
 * split where a recipient field repeats.
 */
export function parseDeliveryStatus(text: string): DeliveryStatus {
  const groups: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let last: string | null = null;

  const flush = () => {
    if (current.size > 0) groups.push(current);
    current = new Map();
    last = null;
  };

  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
      continue;
    }
    const match = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const name = match[1]!.toLowerCase();
    if (recipientFields.has(name) && current.has(name)) flush();
    current.set(name, match[2]!.trim());
    last = name;
  }
  flush();

  let reportingMta: string | null = null;
  const recipients: DsnRecipient[] = [];
  for (const group of groups) {
    if (group.has('reporting-mta')) reportingMta = mtaName(group.get('reporting-mta'));
    const hasRecipient =
      group.has('final-recipient') || group.has('original-recipient') || group.has('x-actual-recipient');
    if (!hasRecipient) continue;
    const original = addressFromField(group.get('original-recipient'));
    const final = addressFromField(group.get('final-recipient'));
    recipients.push({
      address: original ?? final ?? addressFromField(group.get('x-actual-recipient')),
      finalRecipient: final,
      action: normalizeAction(group.get('action')),
      status: group.get('status') ?? null,
      diagnosticCode: group.get('diagnostic-code') ?? null,
      remoteMta: mtaName(group.get('remote-mta')),
    });
  }
  return { reportingMta, recipients };
}

/**
 * Delivery status fields written into a text part, as some MTAs do instead of a
 * message/delivery-status part. Returns null when the text has no recipient fields.
 */
export function findDeliveryStatusInText(text: string): DeliveryStatus | null {
  const start = text.search(/^(?:Reporting-MTA|Original-Recipient|Final-Recipient|Action)\s*:/im);
  if (start === -1) return null;
  const status = parseDeliveryStatus(text.slice(start));
  return status.recipients.some((r) => r.address) ? status : null;
}

/** RFC 3464 actions, also from the variants some MTAs write ("Failure", "delayed (retrying)"). */
function normalizeAction(value: string | undefined): string | null {
  const word = value?.trim().toLowerCase() ?? '';
  if (word.startsWith('fail')) return 'failed';
  if (word.startsWith('delay')) return 'delayed';
  if (/^(?:deliver|relay|expand)/.test(word))
    return word.startsWith('deliver') ? 'delivered' : word.startsWith('relay') ? 'relayed' : 'expanded';
  return null;
}

function mtaName(value: string | undefined): string | null {
  if (!value) return null;
  const name = value.replace(/^\s*[\w-]+\s*;\s*/, '').split(/\s/)[0] ?? '';
  return name === '' ? null : name.toLowerCase();
}
