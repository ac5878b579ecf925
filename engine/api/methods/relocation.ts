import { setTimeout as delay } from 'node:timers/promises';

import { LyreError } from '../../errors.ts';
import { detectMta, type DetectOptions } from '../../relay/detect.ts';
import { renderGuide } from '../../relay/guide.ts';
import { guides } from '../../relay/guides.ts';
import { formatHostPort, isLoopbackHost, parseHostPort, type HostPort } from '../../relay/target.ts';
import { verifyRelocation } from '../../relay/verify.ts';
import type { GuideResult } from '../views.ts';
import { toServerStatus } from './server.ts';
import type { Handlers } from './types.ts';

const available = guides.map(({ id, name }) => ({ id, name }));

/** Milliseconds after which the engine's settings cache (500 ms) has picked up a changed relay.host. */
const settingsRefreshMs = 600;

/**
 * Parse a host:port and keep it to this machine. The relocated MTA runs beside Lyre,
 * and the admin API must not become a port scanner for other hosts.
 */
function loopbackTarget(text: string, defaultPort?: number): HostPort {
  const target = parseHostPort(text, defaultPort);
  if (!isLoopbackHost(target.host)) {
    throw new LyreError(
      'invalid',
      `Invalid address ${formatHostPort(target)}: only loopback addresses (127.0.0.1, ::1, localhost) are allowed, because the relocated mail server runs on this machine.`,
    );
  }
  return target;
}

function probeOptions(timeoutMs: number | undefined): DetectOptions {
  if (timeoutMs === undefined) return {};
  return { connectTimeoutMs: timeoutMs, greetingTimeoutMs: timeoutMs, replyTimeoutMs: timeoutMs };
}

export const relocationMethods = {
  'relocation.detect': async ({ engine }, { address, timeoutMs }) => {
    const target = loopbackTarget(address, 25);
    const result = await detectMta(target, probeOptions(timeoutMs));
    engine.log
      .child({ subsystem: 'relay' })
      .info(
        { address: formatHostPort(target), outcome: result.outcome, software: result.software?.id ?? null },
        'DETECTED',
      );
    return result;
  },

  'relocation.guide': async (_ctx, { mta, to }): Promise<GuideResult> => {
    const target = to === undefined ? undefined : loopbackTarget(to);
    if (mta !== undefined) return { detected: null, guide: renderGuide(mta, target), available };

    const detected = await detectMta({ host: '127.0.0.1', port: 25 });
    if (detected.outcome === 'nothing-listening') return { detected, guide: null, available };
    return { detected, guide: renderGuide(detected.software?.id ?? 'unknown', target), available };
  },

  'relocation.verify': async ({ engine }, { address, timeoutMs }) => {
    const target = loopbackTarget(address);
    const result = await verifyRelocation(target, probeOptions(timeoutMs));
    engine.log
      .child({ subsystem: 'relay' })
      .info({ address: formatHostPort(target), outcome: result.outcome }, 'VERIFIED');
    return result;
  },

  'relocation.checkRelay': async ({ engine, hub }) => {
    const host = engine.store.settings.get('relay.host').trim();
    if (host === '') {
      throw new LyreError(
        'invalid',
        'relay.host is empty, so forwarding is off: set it to the address the mail server was moved to, then check again.',
      );
    }
    let status = await engine.relay.checkRelay();
    if (status.host !== host) {
      // Right after settings.update the forwarder may still read the old relay.host.
      await delay(settingsRefreshMs);
      status = await engine.relay.checkRelay();
    }
    hub.publish('server.status', toServerStatus(engine));
    return status;
  },
} satisfies Partial<Handlers>;
