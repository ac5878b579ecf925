import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { checkRelayRecipient, parseRelayDomains, splitRecipient } from '../../engine/relay/policy.ts';

const domains = parseRelayDomains('ourdomain.example, Other-Ours.EXAMPLE ,bücher.example');

function denied(address: string): { rule: string; code: number; message: string } {
  const decision = checkRelayRecipient(address, domains);
  assert.equal(decision.allowed, false, `${address} should be denied`);
  if (decision.allowed) throw new Error('unreachable');
  return decision;
}

describe('relay policy', () => {
  it('forwards a plain recipient in a relay domain', () => {
    const decision = checkRelayRecipient('user@ourdomain.example', domains);
    assert.deepEqual(decision, { allowed: true, domain: 'ourdomain.example' });
  });

  it('compares domains case-insensitively', () => {
    assert.equal(checkRelayRecipient('User@OURDOMAIN.Example', domains).allowed, true);
    assert.equal(checkRelayRecipient('user@other-ours.example', domains).allowed, true);
  });

  it('compares an IDN in Unicode and punycode alike', () => {
    assert.equal(checkRelayRecipient('user@bücher.example', domains).allowed, true);
    assert.equal(checkRelayRecipient('user@xn--bcher-kva.example', domains).allowed, true);
    assert.equal(checkRelayRecipient('user@BÜCHER.example', domains).allowed, true);
  });

  it('accepts angle brackets around the address', () => {
    assert.equal(checkRelayRecipient('<user@ourdomain.example>', domains).allowed, true);
  });

  it('rejects a foreign domain with 550 5.7.1', () => {
    const decision = denied('victim@elsewhere.example');
    assert.equal(decision.code, 550);
    assert.match(decision.message, /^5\.7\.1 relaying denied for <victim@elsewhere\.example>/);
    assert.equal(decision.rule, 'foreign-domain');
  });

  it('rejects subdomains and look-alike suffixes', () => {
    assert.equal(denied('user@sub.ourdomain.example').rule, 'foreign-domain');
    assert.equal(denied('user@ourdomain.example.evil.example').rule, 'foreign-domain');
    assert.equal(denied('user@evilourdomain.example').rule, 'foreign-domain');
  });

  it('rejects the percent hack', () => {
    assert.equal(denied('victim%elsewhere.example@ourdomain.example').rule, 'percent-hack');
    assert.equal(denied('VICTIM%ELSEWHERE.EXAMPLE@OURDOMAIN.EXAMPLE').rule, 'percent-hack');
  });

  it('rejects a full-width percent sign', () => {
    assert.equal(denied('victim\uff05elsewhere.example@ourdomain.example').rule, 'percent-hack');
  });

  it('rejects bang paths', () => {
    assert.equal(denied('elsewhere.example!victim@ourdomain.example').rule, 'bang-path');
    assert.equal(denied('a!b!victim@ourdomain.example').rule, 'bang-path');
  });

  it('rejects source routes', () => {
    assert.equal(denied('@relay1.example,@relay2.example:victim@ourdomain.example').rule, 'source-route');
    assert.equal(denied('<@ourdomain.example:victim@elsewhere.example>').rule, 'source-route');
  });

  it('rejects quoted local parts with routing characters', () => {
    assert.equal(denied('"victim@elsewhere.example"@ourdomain.example').rule, 'quoted-routing');
    assert.equal(denied('"victim%elsewhere.example"@ourdomain.example').rule, 'quoted-routing');
    assert.equal(denied('"elsewhere.example!victim"@ourdomain.example').rule, 'quoted-routing');
  });

  it('accepts a quoted local part without routing characters', () => {
    assert.equal(checkRelayRecipient('"john smith"@ourdomain.example', domains).allowed, true);
  });

  it('rejects two unquoted at signs', () => {
    assert.equal(denied('victim@elsewhere.example@ourdomain.example').rule, 'multiple-at');
  });

  it('rejects backslash escapes', () => {
    assert.equal(denied('victim\\@elsewhere.example@ourdomain.example').rule, 'escaped-characters');
  });

  it('rejects a trailing dot on the domain', () => {
    assert.equal(denied('user@ourdomain.example.').rule, 'trailing-dot');
  });

  it('rejects IP literals, even of loopback', () => {
    assert.equal(denied('user@[192.0.2.1]').rule, 'ip-literal');
    assert.equal(denied('user@[127.0.0.1]').rule, 'ip-literal');
    assert.equal(denied('user@[IPv6:::1]').rule, 'ip-literal');
  });

  it('rejects addresses without a domain or local part', () => {
    assert.equal(denied('postmaster').rule, 'empty-part');
    assert.equal(denied('@ourdomain.example').rule, 'empty-part');
  });

  it('rejects invalid domain syntax', () => {
    assert.equal(denied('user@our_domain.example').rule, 'invalid-domain');
    assert.equal(denied('user@-ourdomain.example').rule, 'invalid-domain');
    assert.equal(denied('user@ourdomain.example:25').rule, 'invalid-domain');
  });

  it('denies everything when no domains are set', () => {
    const decision = checkRelayRecipient('user@ourdomain.example', parseRelayDomains(''));
    assert.equal(decision.allowed, false);
  });

  it('parses relay domains to lower-case ASCII', () => {
    assert.deepEqual([...domains], ['ourdomain.example', 'other-ours.example', 'xn--bcher-kva.example']);
  });

  it('splits at the last at sign outside quotes', () => {
    const parts = splitRecipient('"a@b"@ourdomain.example');
    assert.equal(parts.local, '"a@b"');
    assert.equal(parts.localText, 'a@b');
    assert.equal(parts.domain, 'ourdomain.example');
    assert.equal(parts.unquotedAts, 1);
    assert.equal(parts.quoted, true);
  });
});
