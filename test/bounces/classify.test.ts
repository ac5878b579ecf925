import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { classifyBounce, type BounceReport } from '../../engine/bounces/classify/index.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

interface Case {
  file: string;
  type: BounceReport['type'];
  recipients: string[];
  kind: BounceReport['kind'];
  reason?: BounceReport['reason'];
  status?: string | null;
  mta?: string | null;
  memberId?: string;
}

const cases: Case[] = [
  {
    file: 'postfix-dsn-user-unknown.eml',
    type: 'failure',
    recipients: ['alice.smith@example.net'],
    kind: 'hard',
    reason: 'userunknown',
    status: '5.1.1',
    mta: 'postfix',
    memberId: '42.hV3kq9Zc',
  },
  {
    file: 'postfix-dsn-delayed.eml',
    type: 'delay',
    recipients: ['bob@example.com'],
    kind: 'soft',
    reason: 'networkerror',
    status: '4.4.1',
    memberId: '43.Qm81xPz0',
  },
  {
    file: 'exim-failed.eml',
    type: 'failure',
    recipients: ['carol@example.de'],
    kind: 'hard',
    reason: 'mailboxfull',
    status: '5.2.2',
    mta: 'exim',
    memberId: '44.Zr7Kd0aA',
  },
  { file: 'exim-delay.eml', type: 'delay', recipients: ['dave@example.de'], kind: 'soft', mta: 'exim' },
  {
    file: 'qmail-two-recipients.eml',
    type: 'failure',
    recipients: ['erin@example.com', 'frank@example.org'],
    kind: 'hard',
    reason: 'userunknown',
    mta: 'qmail',
  },
  {
    file: 'sendmail-dsn.eml',
    type: 'failure',
    recipients: ['grace@dept.example.edu'],
    kind: 'hard',
    reason: 'blocked',
    status: '5.7.1',
    mta: 'sendmail',
  },
  {
    file: 'exchange-2003-text.eml',
    type: 'failure',
    recipients: ['heidi@corp.example.com'],
    kind: 'hard',
    reason: 'userunknown',
    mta: 'exchange',
    memberId: '45.p0o9i8u7',
  },
  {
    file: 'office365-dmarc.eml',
    type: 'failure',
    recipients: ['ivan@contoso.example'],
    kind: 'hard',
    reason: 'securityerror',
    status: '5.7.509',
    mta: 'office365',
  },
  {
    file: 'gmail-address-not-found.eml',
    type: 'failure',
    recipients: ['judy.x@example.com'],
    kind: 'hard',
    reason: 'userunknown',
    mta: 'gmail',
  },
  { file: 'gmail-delayed.eml', type: 'delay', recipients: ['karl@example.org'], kind: 'soft', mta: 'gmail' },
  {
    file: 'yahoo-text.eml',
    type: 'failure',
    recipients: ['liam@yahoo.com'],
    kind: 'hard',
    reason: 'userunknown',
    mta: 'yahoo',
  },
  {
    file: 'aol-local-part.eml',
    type: 'failure',
    recipients: ['mia.example@aol.com'],
    kind: 'hard',
    mta: 'aol',
  },
  {
    file: 'domino-text.eml',
    type: 'failure',
    recipients: ['noah@notes.example.com'],
    kind: 'hard',
    reason: 'userunknown',
  },
  {
    file: 'groupwise-text.eml',
    type: 'failure',
    recipients: ['olivia@gw.example.org'],
    kind: 'hard',
    reason: 'userunknown',
  },
  {
    file: 'barracuda-text.eml',
    type: 'failure',
    recipients: ['peter@example.net'],
    kind: 'hard',
    reason: 'spamdetected',
    mta: 'barracuda',
  },
  {
    file: 'courier-text.eml',
    type: 'failure',
    recipients: ['yuki@example.jp'],
    kind: 'hard',
    reason: 'userunknown',
    status: '5.1.1',
  },
  {
    file: 'james-text.eml',
    type: 'failure',
    recipients: ['zoe@example.org'],
    kind: 'hard',
    reason: 'suspended',
    status: '5.2.1',
  },
  {
    file: 'mobile-carrier-text.eml',
    type: 'failure',
    recipients: ['abe@mobile.example.ne.jp'],
    kind: 'hard',
    reason: 'mailboxfull',
  },
  {
    file: 'ses-json-bounce.eml',
    type: 'failure',
    recipients: ['quinn@example.com'],
    kind: 'hard',
    reason: 'userunknown',
    status: '5.1.1',
    mta: 'amazonses',
  },
  { file: 'ses-json-complaint.eml', type: 'feedback-report', recipients: ['rose@example.com'], kind: null },
  {
    file: 'arf-abuse.eml',
    type: 'feedback-report',
    recipients: ['sam@example.net'],
    kind: null,
    memberId: '46.Ab12Cd34',
  },
  { file: 'vacation-autoreply.eml', type: 'autoreply', recipients: [], kind: null },
  { file: 'challenge-response.eml', type: 'challenge-response', recipients: [], kind: null },
  { file: 'dsn-delivered.eml', type: 'delivery-success', recipients: [], kind: null },
  { file: 'ordinary-mail.eml', type: 'non-bounce', recipients: [], kind: null },
  {
    file: 'exchange-japanese.eml',
    type: 'failure',
    recipients: ['sato@example.co.jp'],
    kind: 'hard',
    reason: 'userunknown',
    status: '5.1.1',
    mta: 'exchange',
  },
  {
    file: 'opensmtpd-text.eml',
    type: 'failure',
    recipients: ['taro@example.org'],
    kind: 'hard',
    reason: 'userunknown',
    mta: 'opensmtpd',
  },
  {
    file: 'mailmarshal-text.eml',
    type: 'failure',
    recipients: ['ursula@example.com'],
    kind: 'hard',
    reason: 'userunknown',
  },
  {
    file: 'interscan-inline.eml',
    type: 'failure',
    recipients: ['vivi@example.jp'],
    kind: 'hard',
    mta: 'interscan',
  },
  { file: 'success-text.eml', type: 'delivery-success', recipients: [], kind: null },
  { file: 'phishing-lure.eml', type: 'non-bounce', recipients: [], kind: null },
  { file: 'moderation-notice.eml', type: 'non-bounce', recipients: [], kind: null },
];

describe('classifyBounce', () => {
  for (const c of cases) {
    it(c.file.replace(/\.eml$/, ''), () => {
      const report = classifyBounce(readFileSync(join(fixtures, c.file)));
      assert.equal(report.type, c.type);
      assert.equal(report.isBounce, c.type === 'failure');
      assert.deepEqual(report.recipients.map((r) => r.address).sort(), [...c.recipients].sort());
      assert.equal(report.kind, c.kind);
      if (c.reason !== undefined) assert.equal(report.reason, c.reason);
      if (c.status !== undefined) assert.equal(report.status, c.status);
      if (c.mta !== undefined) assert.equal(report.mta, c.mta);
      assert.equal(report.memberId, c.memberId);
    });
  }

  it('keeps per-recipient kinds', () => {
    const report = classifyBounce(readFileSync(join(fixtures, 'qmail-two-recipients.eml')));
    const byAddress = Object.fromEntries(report.recipients.map((r) => [r.address, r]));
    assert.equal(byAddress['erin@example.com']?.kind, 'hard');
    assert.equal(byAddress['erin@example.com']?.status, '5.1.1');
    assert.equal(byAddress['frank@example.org']?.kind, 'soft');
    assert.equal(byAddress['frank@example.org']?.reason, 'mailboxfull');
    assert.match(byAddress['frank@example.org']?.diagnostic ?? '', /452 4\.2\.2 Mailbox over quota/);
  });

  it('reads the DSN, not a bounce nested in the returned copy', () => {
    const inner = readFileSync(join(fixtures, 'postfix-dsn-user-unknown.eml'), 'latin1');
    const outer = [
      'From: MAILER-DAEMON@relay.example.com',
      'To: bounce-1.2@lists.example.org',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="OUTER"',
      '',
      '--OUTER',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.example.com',
      '',
      'Final-Recipient: rfc822; outer@example.com',
      'Action: failed',
      'Status: 5.4.4',
      '',
      '--OUTER',
      'Content-Type: message/rfc822',
      '',
      inner,
      '--OUTER--',
      '',
    ].join('\r\n');
    const report = classifyBounce(Buffer.from(outer, 'latin1'));
    assert.deepEqual(
      report.recipients.map((r) => r.address),
      ['outer@example.com'],
    );
    assert.equal(report.reason, 'hostunknown');
  });

  it('decodes a base64 delivery-status part', () => {
    const fields = Buffer.from(
      'Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; b64@example.com\r\nAction: failed\r\nStatus: 5.2.2\r\n',
    ).toString('base64');
    const raw = [
      'From: postmaster@example.com',
      'Subject: Delivery Status Notification (Failure)',
      'Content-Type: multipart/report; report-type=delivery-status; boundary=b',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      'Content-Transfer-Encoding: base64',
      '',
      fields,
      '--b--',
    ].join('\n');
    const report = classifyBounce(Buffer.from(raw));
    assert.deepEqual(
      report.recipients.map((r) => [r.address, r.kind, r.reason]),
      [['b64@example.com', 'hard', 'mailboxfull']],
    );
  });

  it('treats garbage as a non-bounce', () => {
    assert.equal(classifyBounce(Buffer.from('')).type, 'non-bounce');
    assert.equal(classifyBounce(Buffer.from('\x00\x01binary')).type, 'non-bounce');
  });
});
