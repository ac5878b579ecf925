/** The parts of a report the MTA table matches: its header block, sender and notice text. */
export interface MtaEvidence {
  /** The top-level header block, unfolded, one "name: value" per line. */
  headers: string;
  from: string;
  notice: string;
  reportingMta: string | null;
}

interface MtaSignature {
  mta: string;
  /** Each present test must match; at least one must be present. */
  headers?: RegExp;
  from?: RegExp;
  notice?: RegExp;
  reportingMta?: RegExp;
}

/**
 * Signatures of the MTAs and providers, first match wins: providers before the
 * software they run, because Gmail or Yahoo reports also carry the software's phrases.
 */
const signatures: readonly MtaSignature[] = [
  { mta: 'amazonses', from: /amazonses\.com|amazonaws\.com/i },
  { mta: 'amazonses', reportingMta: /amazonses\.com/i },
  { mta: 'googlegroups', notice: /^\s*Google Groups\s*$/m },
  { mta: 'gmail', from: /@(?:googlemail|gmail|google)\.com/i },
  { mta: 'office365', notice: /Office ?365|protection\.outlook\.com|outlook\.office365\.com/i },
  { mta: 'outlook', from: /@(?:hotmail|outlook|live|msn)\.com/i },
  { mta: 'outlook', reportingMta: /(?:hotmail|outlook|live)\.com$/i },
  { mta: 'yahoo', from: /@(?:[\w-]+\.)*yahoo(?:inc)?\.(?:com|co\.\w+|\w+)/i },
  {
    mta: 'yahoo',
    notice:
      /^Message from yahoo\.com\.|Sorry, we were unable to deliver your message to the following address/m,
  },
  { mta: 'aol', from: /@(?:[\w-]+\.)*aol\.com/i },
  { mta: 'mimecast', headers: /mimecast/i },
  { mta: 'barracuda', headers: /barracuda/i },
  { mta: 'messagelabs', notice: /messagelabs|symantec\.cloud/i },
  { mta: 'mxlogic', from: /mxlogic\.net/i },
  { mta: 'mcafee', headers: /X-NAI-Header|McAfee/i },
  { mta: 'interscan', notice: /InterScan/i },
  { mta: 'interscan', from: /InterScan/i },
  { mta: 'zoho', from: /zoho(?:mail)?\.com/i },
  { mta: 'mailru', from: /mail\.ru/i },
  { mta: 'yandex', from: /yandex\./i },
  { mta: 'gmx', from: /@(?:[\w-]+\.)*gmx\.(?:com|net|de)/i },
  { mta: 'einsundeins', from: /kundenserver\.de|1und1\.de|ionos\./i },
  { mta: 'notes', headers: /X-Notes|Lotus|Domino/i },
  { mta: 'notes', notice: /Lotus|Domino|^-+ Failure Reasons\s+-+/m },
  { mta: 'groupwise', notice: /GroupWise/i },
  { mta: 'exchange', headers: /X-MS-Exchange|X-MimeOLE|Microsoft Exchange/i },
  {
    mta: 'exchange',
    notice:
      /MSEXCH:|did not reach the following recipient|Diagnostic information for administrators|Delivery has failed to these recipients|RESOLVER\.[A-Z]+\./i,
  },
  {
    mta: 'messagingserver',
    notice: /This report relates to a message you sent with the following header fields/i,
  },
  { mta: 'messagingserver', from: /PMDF|Messaging Server/i },
  { mta: 'opensmtpd', notice: /This is the MAILER-DAEMON, please DO NOT REPLY|OpenSMTPD/i },
  { mta: 'dragonfly', notice: /DragonFly Mail Agent/i },
  { mta: 'postfix', headers: /X-Postfix/i },
  {
    mta: 'postfix',
    notice: /This is the (?:mail system|Postfix program) at host|The (?:mail system|Postfix program)\s*$/im,
  },
  { mta: 'qmail', notice: /qmail-send program|\(#[45]\.\d\.\d\)/i },
  { mta: 'exim', headers: /^x-failed-recipients:/im },
  { mta: 'exim', notice: /This message was created automatically by mail delivery software/i },
  {
    mta: 'sendmail',
    headers: /^auto-submitted: auto-generated \((?:failure|postmaster-notification|warning)\)/im,
  },
  {
    mta: 'sendmail',
    notice:
      /-{3,} The following addresses had (?:permanent fatal errors|transient non-fatal errors)|-{3,} Transcript of session follows/i,
  },
  { mta: 'mdaemon', from: /MDaemon/i },
  { mta: 'imail', notice: /Invalid final delivery userid/i },
  { mta: 'smtp32', from: /postmaster@/i, notice: /^undeliverable to /im },
];

/** Identify the software or provider that wrote a report; null when no signature matches. */
export function identifyMta(evidence: MtaEvidence): string | null {
  for (const signature of signatures) {
    const tests: [RegExp | undefined, string | null][] = [
      [signature.headers, evidence.headers],
      [signature.from, evidence.from],
      [signature.notice, evidence.notice],
      [signature.reportingMta, evidence.reportingMta],
    ];
    const present = tests.filter(([test]) => test !== undefined);
    if (present.every(([test, value]) => value !== null && test!.test(value))) return signature.mta;
  }
  return null;
}
