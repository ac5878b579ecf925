import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { classifySmtpReply } from '../../engine/bounces/classify/index.ts';

describe('classifySmtpReply', () => {
  const cases: [
    number,
    string | null,
    string,
    { kind: string; reason: string; ourSide: boolean; status: string | null },
  ][] = [
    [
      550,
      '5.1.1',
      'The email account that you tried to reach does not exist.',
      { kind: 'hard', reason: 'userunknown', ourSide: false, status: '5.1.1' },
    ],
    [552, '5.2.2', 'Mailbox full', { kind: 'hard', reason: 'mailboxfull', ourSide: false, status: '5.2.2' }],
    [
      452,
      '4.2.2',
      'The email account that you tried to reach is over quota.',
      { kind: 'soft', reason: 'mailboxfull', ourSide: false, status: '4.2.2' },
    ],
    [
      554,
      '5.7.1',
      'Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
      { kind: 'hard', reason: 'blocked', ourSide: true, status: '5.7.1' },
    ],
    [
      550,
      '5.7.26',
      "Unauthenticated email from lists.example.org is not accepted due to domain's DMARC policy.",
      { kind: 'hard', reason: 'securityerror', ourSide: true, status: '5.7.26' },
    ],
    [
      421,
      '4.7.28',
      'Our system has detected an unusual rate of unsolicited mail originating from your IP address.',
      { kind: 'soft', reason: 'ratelimited', ourSide: true, status: '4.7.28' },
    ],
    [
      450,
      null,
      'Client host rejected: cannot find your reverse hostname, [192.0.2.1]',
      { kind: 'soft', reason: 'blocked', ourSide: true, status: null },
    ],
    [550, null, 'No such user here', { kind: 'hard', reason: 'userunknown', ourSide: false, status: null }],
    [
      554,
      '5.3.4',
      'Message too big for system',
      { kind: 'hard', reason: 'toolarge', ourSide: false, status: '5.3.4' },
    ],
    [
      553,
      '5.1.8',
      'Domain of sender address bounce-1.2@lists.example.org does not exist',
      { kind: 'hard', reason: 'senderrejected', ourSide: true, status: '5.1.8' },
    ],
    [
      451,
      '4.3.0',
      'Temporary local problem - please try later',
      { kind: 'soft', reason: 'systemerror', ourSide: false, status: '4.3.0' },
    ],
  ];

  for (const [code, enhanced, text, expected] of cases) {
    it(`${code} ${enhanced ?? ''} ${expected.reason}`, () => {
      const result = classifySmtpReply(code, enhanced, text);
      assert.equal(result.kind, expected.kind);
      assert.equal(result.reason, expected.reason);
      assert.equal(result.ourSide, expected.ourSide);
      assert.equal(result.status, expected.status);
    });
  }

  it('takes the kind from the reply code over a mismatched enhanced code', () => {
    const result = classifySmtpReply(450, '5.1.1', 'User unknown');
    assert.equal(result.kind, 'soft');
    assert.equal(result.reason, 'userunknown');
  });

  it('reads an enhanced code from the text when none is given', () => {
    const result = classifySmtpReply(550, null, '5.1.1 <a@example.org>: Recipient address rejected');
    assert.equal(result.status, '5.1.1');
    assert.equal(result.reason, 'userunknown');
  });

  it('gives undefined for a reply it cannot place', () => {
    const result = classifySmtpReply(554, null, 'Transaction refused, code 17');
    assert.equal(result.kind, 'hard');
    assert.equal(result.reason, 'policy');
    const unknown = classifySmtpReply(550, null, 'Xyzzy');
    assert.equal(unknown.reason, 'undefined');
    assert.equal(unknown.ourSide, false);
  });
});
