import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';

import { SMTPServer } from 'smtp-server';

import { bindFailureAdvice, diagnoseBindFailure } from '../../engine/relay/bind-advice.ts';
import { detectMta } from '../../engine/relay/detect.ts';
import { banners, FakeMta, listenOnLoopback } from './fake-mta.ts';

const eacces = { code: 'EACCES', message: 'listen EACCES: permission denied 0.0.0.0:25' };
const inUse = { code: 'EADDRINUSE', message: 'listen EADDRINUSE: address already in use 0.0.0.0:25' };

describe('bindFailureAdvice', () => {
  it('gives setcap with the binary path on Linux', () => {
    const advice = bindFailureAdvice(eacces, 25, 2525, 'linux', { execPath: '/usr/lib/node/bin/node' });
    assert.equal(advice.code, 'EACCES');
    assert.match(advice.reason, /CAP_NET_BIND_SERVICE/);
    assert.equal(advice.commands[0], 'sudo setcap cap_net_bind_service=+ep /usr/lib/node/bin/node');
    assert.ok(advice.commands.includes('sudo nft add rule ip nat prerouting tcp dport 25 redirect to :2525'));
    assert.ok(advice.commands.includes('sudo iptables -t nat -A PREROUTING -p tcp --dport 25 -j REDIRECT --to-ports 2525'));
    assert.match(advice.fix, /port 2525 meanwhile/);
  });

  it('offers only the redirect to an AppImage', () => {
    const advice = bindFailureAdvice(eacces, 25, 2525, 'linux', { execPath: '/tmp/.mount_LyreAbC/lyre' });
    assert.ok(!advice.commands.some((c) => c.includes('setcap')));
    assert.match(advice.fix, /AppImage/);
  });

  it('explains privileged ports on macOS and Windows', () => {
    assert.match(bindFailureAdvice(eacces, 25, 2525, 'darwin').commands[1]!, /pfctl/);
    assert.match(bindFailureAdvice(eacces, 25, 2525, 'win32').commands[0]!, /excludedportrange/);
  });

  it('names the MTA that holds the port', async () => {
    const fake = new FakeMta(banners.sendmail!);
    const port = await fake.listen();
    try {
      const listener = await detectMta({ host: '127.0.0.1', port });
      const advice = bindFailureAdvice(inUse, port, 2525, 'linux', { listener });
      assert.equal(advice.reason, `Port ${port} is already used by sendmail 8.17.1.9.`);
      assert.equal(advice.commands[0], 'lyre relocation guide sendmail');
      assert.equal(advice.commands[1], `sudo ss -ltnp 'sport = :${port}'`);
      const mac = bindFailureAdvice(inUse, port, 2525, 'darwin', { listener });
      assert.equal(mac.commands[1], `sudo lsof -nP -iTCP:${port} -sTCP:LISTEN`);
    } finally {
      await fake.close();
    }
  });

  it('tells another Lyre apart', async () => {
    const lyre = new SMTPServer({ banner: 'Lyre ESMTP ready', authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false });
    const port = await listenOnLoopback(lyre.server);
    try {
      const listener = await detectMta({ host: '127.0.0.1', port });
      const advice = bindFailureAdvice(inUse, port, 2525, 'linux', { listener });
      assert.equal(advice.reason, `Port ${port} is already used by another copy of Lyre.`);
    } finally {
      await new Promise<void>((resolve) => lyre.close(() => resolve()));
    }
  });

  it('falls back to a generic reason', () => {
    const advice = bindFailureAdvice({ code: 'EINVAL', message: 'bad things' }, 25, 2525, 'linux');
    assert.equal(advice.reason, 'Binding port 25 failed: bad things');
  });
});

describe('diagnoseBindFailure', () => {
  it('detects what holds a real port', async () => {
    const fake = new FakeMta(banners.postfix!);
    const port = await fake.listen();
    const blocked = createServer();
    try {
      const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
        blocked.once('error', resolve);
        blocked.listen(port, '127.0.0.1');
      });
      assert.equal(error.code, 'EADDRINUSE');
      const advice = await diagnoseBindFailure(error, port, 2525, { platform: 'linux' });
      assert.equal(advice.reason, `Port ${port} is already used by Postfix.`);
      assert.equal(advice.commands[0], 'lyre relocation guide postfix');
    } finally {
      await fake.close();
    }
  });

  it('fills in the real binary path', async () => {
    const advice = await diagnoseBindFailure(eacces, 25, 2525, { platform: 'linux' });
    const { realpathSync } = await import('node:fs');
    assert.equal(advice.commands[0], `sudo setcap cap_net_bind_service=+ep ${realpathSync(process.execPath)}`);
  });
});
