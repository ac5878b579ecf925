import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  bouncePatterns,
  bounceReasonNames,
  matchBouncePattern,
} from '../../engine/bounces/classify/index.ts';

/** One real-world wording per pattern; the pattern must be the first to match it. */
const examples: Record<string, string> = {
  'spf-failed': '550 5.7.23 The message was rejected because of Sender Policy Framework violation',
  'dkim-failed': '550 5.7.20 Message rejected: DKIM signature verification failed',
  'dmarc-failed':
    "550 5.7.1 Unauthenticated email from example.org is not accepted due to domain's DMARC policy",
  'dnsbl-listed': '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
  'reverse-dns': '450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]',
  'sending-host-rejected': '550 5.7.1 Your IP 192.0.2.1 has a poor reputation',
  'rate-limited': '421 4.7.0 Too many messages from this IP, try again later',
  'sender-rejected': '553 5.1.8 Sender address rejected: Domain not found',
  'not-rfc-compliant': '550 5.7.1 This message is not RFC 5322 compliant: multiple Subject headers',
  virus: '554 5.7.1 Virus found in message: Eicar-Test-Signature',
  'spam-content': '550 5.7.1 Message rejected as spam by Content Filtering',
  'too-large': '552 5.3.4 Message size exceeds fixed maximum message size',
  'mailbox-full': '452 4.2.2 The email account that you tried to reach is over quota',
  'mailbox-moved': '550 5.1.6 Recipient no longer on server; no forwarding address',
  'mailbox-disabled': '550 5.2.1 The email account that you tried to reach is disabled',
  'not-accepting-mail': '556 5.1.10 Recipient address has null MX',
  'host-unknown': '550 5.1.2 Host or domain name not found. Name service error',
  'user-unknown':
    '550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown in local recipient table',
  expired: '554 4.4.7 Message expired: unable to deliver in 840 minutes',
  'network-failure': 'connect to mx.example.org[192.0.2.5]:25: Connection refused',
  'relay-denied': '554 5.7.1 <someone@example.org>: Relay access denied',
  'policy-rejection': '550 5.7.1 Message rejected due to local policy',
  'mailer-failed': 'Command died with status 1: "/usr/bin/procmail". Command output: procmail: Error',
  'system-failure': '451 4.3.0 Internal server error, please try again later',
};

describe('bounce patterns', () => {
  it('have unique ids and known reasons', () => {
    const ids = bouncePatterns.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const entry of bouncePatterns) assert.ok(bounceReasonNames.includes(entry.reason), entry.id);
  });

  it('each have an example', () => {
    for (const entry of bouncePatterns) assert.ok(examples[entry.id], `no example for ${entry.id}`);
    for (const id of Object.keys(examples))
      assert.ok(
        bouncePatterns.some((p) => p.id === id),
        `example for unknown ${id}`,
      );
  });

  for (const entry of bouncePatterns) {
    it(`match ${entry.id} first`, () => {
      const matched = matchBouncePattern(examples[entry.id] ?? '');
      assert.equal(matched?.id, entry.id);
      assert.equal(matched?.reason, entry.reason);
    });
  }

  it('match nothing in an empty text', () => {
    assert.equal(matchBouncePattern(''), null);
    assert.equal(matchBouncePattern('250 2.0.0 Ok: queued as 4F1A21C0A2B'), null);
  });
});
