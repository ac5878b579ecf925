import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { findGuide, formatGuide, renderGuide } from '../../engine/relay/guide.ts';
import { guides } from '../../engine/relay/guides.ts';
import { fingerprints } from '../../engine/relay/fingerprints.ts';

/** Lines each guide must contain once rendered for 127.0.0.1:2525 (Exchange: 2526). */
const required: Record<string, RegExp[]> = {
  postfix: [/^127\.0\.0\.1:2525 inet n - y - - smtpd$/m, /^postfix reload$/m, /smtpd_authorized_xforward_hosts/],
  sendmail: [/DAEMON_OPTIONS\(`Family=inet, Name=MTA-v4, Port=2525, Addr=127\.0\.0\.1'\)dnl/, /m4 \/etc\/mail\/sendmail\.mc > \/etc\/mail\/sendmail\.cf/],
  exim: [/^daemon_smtp_ports = 2525$/m, /^local_interfaces = 127\.0\.0\.1$/m, /dc_local_interfaces='127\.0\.0\.1\.2525'/],
  opensmtpd: [/^listen on 127\.0\.0\.1 port 2525$/m, /^smtpd -n$/m],
  exchange: [/Set-ReceiveConnector "SERVER\\Default Frontend SERVER" -Bindings 127\.0\.0\.1:2526/, /Restart-Service MSExchangeFrontEndTransport/],
  iis: [/set "TCP port" to 2525/, /^net start smtpsvc$/m],
  hmailserver: [/TCP\/IP port" to 2525/, /^net start hMailServer$/m],
  qmail: [/tcpserver \.\.\. 127\.0\.0\.1 2525 \/var\/qmail\/bin\/qmail-smtpd/, /^svc -t \/service\/qmail-smtpd$/m],
  haraka: [/^listen=127\.0\.0\.1:2525$/m],
  unknown: [/ss -ltnp 'sport = :25'/],
};

function allText(id: string): string {
  const guide = renderGuide(id);
  return [...guide.steps, ...guide.undo].flatMap((step) => [step.text, ...(step.code ?? [])]).join('\n');
}

describe('relocation guides', () => {
  it('covers every fingerprinted MTA', () => {
    for (const entry of fingerprints) assert.ok(guides.some((g) => g.id === entry.id), entry.id);
    assert.ok(guides.some((g) => g.id === 'unknown'));
  });

  for (const [id, patterns] of Object.entries(required)) {
    it(`${id} guide has its commands`, () => {
      const text = allText(id);
      for (const pattern of patterns) assert.match(text, pattern);
    });
  }

  it('every guide has undo steps except Lyre', () => {
    for (const guide of guides) {
      if (guide.id === 'lyre') assert.equal(guide.undo.length, 0);
      else assert.ok(renderGuide(guide.id).undo.length >= 2, guide.id);
    }
  });

  it('fills in every placeholder', () => {
    for (const guide of guides) {
      const text = formatGuide(renderGuide(guide.id, { host: '127.0.0.2', port: 2700 }));
      assert.doesNotMatch(text, /\{(host|port|hostport)\}/, guide.id);
    }
  });

  it('ends with Lyre settings', () => {
    const guide = renderGuide('postfix', { port: 2600 });
    const last = guide.steps.at(-2)!;
    assert.deepEqual(last.code, ['lyre config set relay.host 127.0.0.1:2600', 'lyre config set relay.domains example.org,example.net']);
    assert.equal(guide.undo[0]!.code?.[0], 'lyre config set relay.host ""');
  });

  it('brackets an IPv6 target', () => {
    const guide = renderGuide('haraka', { host: '::1', port: 2525 });
    assert.equal(guide.steps[0]!.code?.[0], 'listen=[::1]:2525');
  });

  it('finds guides by alias and case', () => {
    assert.equal(findGuide('EXIM4').id, 'exim');
    assert.equal(findGuide('smtpsvc').id, 'iis');
    assert.throws(() => findGuide('nope'), /No relocation guide for "nope"/);
  });
});
