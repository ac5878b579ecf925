import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import pino from 'pino';

import type { LogRecord } from '../../engine/log/logger.ts';
import {
  EngineSupervisor,
  type StateChange,
  type SupervisorOptions,
  type SupervisorState,
} from '../../main/supervisor.ts';
import { forkScript, type ChildEngineProcess } from './fixtures/child-engine-process.ts';

const STAND_IN = fileURLToPath(new URL('./fixtures/engine-stand-in.ts', import.meta.url));

function memoryLogger(): { log: pino.Logger; lines: LogRecord[] } {
  const lines: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) lines.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines };
}

const running: EngineSupervisor[] = [];

function supervise(
  env: Record<string, string> = {},
  options: Partial<SupervisorOptions<unknown>> = {},
): {
  supervisor: EngineSupervisor;
  children: ChildEngineProcess[];
  lines: LogRecord[];
  states: StateChange[];
} {
  const { fork, children } = forkScript(STAND_IN, env);
  const { log, lines } = memoryLogger();
  const supervisor = new EngineSupervisor({
    fork,
    dataDir: '/tmp/lyre-stand-in',
    log,
    heartbeatIntervalMs: 50,
    heartbeatTimeoutMs: 300,
    startTimeoutMs: 10_000,
    stopTimeoutMs: 200,
    exitGraceMs: 300,
    restart: { initialDelayMs: 100, maxDelayMs: 1_000, maxCrashes: 3, windowMs: 60_000 },
    ...options,
  });
  const states: StateChange[] = [];
  supervisor.on('state', (change) => states.push(change));
  running.push(supervisor);
  return { supervisor, children, lines, states };
}

function waitForState(
  supervisor: EngineSupervisor,
  state: SupervisorState,
  timeoutMs = 10_000,
): Promise<StateChange> {
  if (supervisor.state.state === state) return Promise.resolve(supervisor.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      supervisor.off('state', listener);
      reject(
        new Error(
          `supervisor did not reach ${state} within ${timeoutMs} ms; it is ${supervisor.state.state}`,
        ),
      );
    }, timeoutMs);
    const listener = (change: StateChange): void => {
      if (change.state !== state) return;
      clearTimeout(timer);
      supervisor.off('state', listener);
      resolve(change);
    };
    supervisor.on('state', listener);
  });
}

function last<T>(items: T[]): T {
  const item = items.at(-1);
  assert.ok(item, 'expected at least one item');
  return item;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((supervisor) => supervisor.stop()));
});

describe('EngineSupervisor', () => {
  test('start reports running', async () => {
    const { supervisor, states, children } = supervise();
    supervisor.start();
    const change = await waitForState(supervisor, 'running');

    assert.equal(states[0]?.state, 'starting');
    assert.equal(change.pid, children[0]?.pid);
    assert.deepEqual(supervisor.status, { queueSize: 7, deliveriesPerMinute: 42, smtpPort: 2525 });
  });

  test('heartbeats bring status', async () => {
    const { supervisor } = supervise();
    let updates = 0;
    supervisor.on('status', () => (updates += 1));
    supervisor.start();
    await waitForState(supervisor, 'running');
    await new Promise((resolve) => setTimeout(resolve, 400));

    assert.ok(updates >= 3, `expected at least 3 status updates from heartbeats, got ${updates}`);
  });

  test('forwards engine logs and output', async () => {
    const { supervisor, lines } = supervise();
    const forwarded: LogRecord[] = [];
    supervisor.on('log', (record) => forwarded.push(record));
    supervisor.start();
    await waitForState(supervisor, 'running');
    await new Promise((resolve) => setTimeout(resolve, 200));

    assert.equal(forwarded[0]?.msg, 'STARTED');
    const engineLine = lines.find((line) => line.process === 'engine' && line.msg === 'STARTED');
    assert.ok(engineLine, 'engine record not in the main log');
    assert.equal(engineLine.subsystem, 'engine');
    assert.equal(engineLine.level, 30);
    const stdout = lines.find((line) => line.stream === 'stdout');
    assert.equal(stdout?.line, 'stand-in: engine starting');
    const stderr = lines.find((line) => line.stream === 'stderr');
    assert.equal(stderr?.line, 'stand-in: a warning on stderr');
    assert.equal(stderr?.level, 40);
  });

  test('restarts with growing backoff', async () => {
    const { supervisor, children } = supervise();
    supervisor.start();
    await waitForState(supervisor, 'running');

    last(children).postMessage({ type: 'test:crash', code: 9 });
    const firstCrash = await waitForState(supervisor, 'crashed');
    assert.equal(firstCrash.restartInMs, 100);
    assert.match(firstCrash.reason ?? '', /^exit code 9: stand-in: crashing with code 9$/);
    const restarted = await waitForState(supervisor, 'running');
    assert.notEqual(restarted.pid, children[0]?.pid);

    last(children).postMessage({ type: 'test:crash', code: 9 });
    const secondCrash = await waitForState(supervisor, 'crashed');
    assert.equal(secondCrash.restartInMs, 200);
    await waitForState(supervisor, 'running');
    assert.equal(children.length, 3);
  });

  test('gives up after repeated crashes', async () => {
    const { supervisor, children, states, lines } = supervise({ STAND_IN_MODE: 'crash-on-start' });
    supervisor.start();
    const failed = await waitForState(supervisor, 'failed');

    assert.equal(children.length, 3);
    assert.equal(states.filter((change) => change.state === 'crashed').length, 2);
    assert.equal(
      failed.reason,
      '3 crashes within 1 min; last: exit code 3: stand-in: cannot open data folder',
    );
    assert.ok(lines.some((line) => line.msg === 'FAILED giving up restarting the engine'));
  });

  test('start after failure resets count', async () => {
    const { supervisor, children } = supervise({ STAND_IN_MODE: 'crash-on-start' });
    supervisor.start();
    await waitForState(supervisor, 'failed');
    supervisor.start();
    await waitForState(supervisor, 'failed');

    assert.equal(children.length, 6);
  });

  test('restarts engine that stops answering', async () => {
    const { supervisor, children } = supervise();
    supervisor.start();
    await waitForState(supervisor, 'running');
    const hung = last(children);

    hung.postMessage({ type: 'test:hang' });
    const crash = await waitForState(supervisor, 'crashed');
    assert.match(crash.reason ?? '', /^no heartbeat reply for \d+ ms; the engine hangs$/);
    assert.equal(hung.pid, undefined, 'the hung process was not killed');
    await waitForState(supervisor, 'running');
    assert.equal(children.length, 2);
  });

  test('failed start keeps engine message', async () => {
    const { supervisor } = supervise({ STAND_IN_MODE: 'fail-start' });
    supervisor.start();
    const crash = await waitForState(supervisor, 'crashed');

    assert.equal(crash.reason, 'engine failed to start: data folder /nope is not writable');
  });

  test('kills engine never ready', async () => {
    const { supervisor } = supervise({ STAND_IN_MODE: 'never-ready' }, { startTimeoutMs: 1_500 });
    supervisor.start();
    const crash = await waitForState(supervisor, 'crashed');

    assert.equal(crash.reason, 'engine did not report ready within 1500 ms');
  });

  test('stop is graceful', async () => {
    const { supervisor, children, lines } = supervise();
    supervisor.start();
    await waitForState(supervisor, 'running');
    const exitCode = new Promise((resolve) => last(children).on('exit', resolve));

    await supervisor.stop();
    assert.equal(supervisor.state.state, 'stopped');
    assert.equal(await exitCode, 0);
    assert.ok(lines.some((line) => line.msg === 'STOPPED engine finished its graceful stop'));
    assert.ok(!lines.some((line) => line.msg?.startsWith('KILLING')));
  });

  test('stop kills after time limit', async () => {
    const { supervisor, children, lines } = supervise();
    supervisor.start();
    await waitForState(supervisor, 'running');
    last(children).postMessage({ type: 'test:ignore-stop' });
    const started = Date.now();

    await supervisor.stop();
    const elapsed = Date.now() - started;
    assert.equal(supervisor.state.state, 'stopped');
    assert.ok(elapsed >= 500, `stop returned after ${elapsed} ms, before the time limit`);
    assert.ok(lines.some((line) => line.msg === 'KILLING engine did not stop in time'));
    assert.equal(last(children).pid, undefined);
  });

  test('stop cancels pending restart', async () => {
    const { supervisor, children } = supervise(
      {},
      { restart: { initialDelayMs: 500, maxDelayMs: 500, maxCrashes: 5, windowMs: 60_000 } },
    );
    supervisor.start();
    await waitForState(supervisor, 'running');
    last(children).postMessage({ type: 'test:crash', code: 1 });
    await waitForState(supervisor, 'crashed');

    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(supervisor.state.state, 'stopped');
    assert.equal(children.length, 1);
  });

  test('admin port needs running engine', () => {
    const { supervisor } = supervise();
    assert.equal(supervisor.connectAdminPort({}), false);
  });
});
