import { Writable } from 'node:stream';
import { PeerUnavailableError } from '@tsmesh/shared-errors';
import { createLogger } from '../logging/logger';
import { Backoff } from './backoff';
import { runWithReconnect } from './reconnect';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ component: 'test', level: 'debug', destination }), lines };
}

const until = async (condition: () => boolean): Promise<void> => {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in 5s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('runWithReconnect', () => {
  it('retries failures with growing delays and logs attempt, delay and reason at warn', async () => {
    const { log, lines } = capturingLogger();
    let calls = 0;
    const stop = runWithReconnect({
      name: 'pilot-ads',
      log,
      backoff: new Backoff({ initialMs: 10, maxMs: 40, jitter: 0 }),
      connect: async () => {
        calls++;
        throw new PeerUnavailableError('connect ECONNREFUSED 127.0.0.1:15010');
      },
    });
    await until(() => calls >= 4);
    await stop();
    const warnings = lines.filter((line) => line['level'] === 'warn').slice(0, 3);
    expect(warnings.map((line) => [line['attempt'], line['delayMs'], line['connection']])).toEqual([
      [1, 10, 'pilot-ads'],
      [2, 20, 'pilot-ads'],
      [3, 40, 'pilot-ads'],
    ]);
    expect(warnings[0]?.['msg']).toBe('pilot-ads: TSM_PEER_UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:15010; retry 1 in 10ms');
  });

  it('resets the backoff after connect() reports connected, and reconnects after a clean end', async () => {
    const { log, lines } = capturingLogger();
    let calls = 0;
    const stop = runWithReconnect({
      name: 'mcp',
      log,
      backoff: new Backoff({ initialMs: 5, maxMs: 1_000, jitter: 0 }),
      connect: async (_signal, connected) => {
        calls++;
        if (calls <= 2) throw new Error('refused');
        if (calls === 3) return connected(); // connected, then the peer closed the stream
        throw new Error('refused again');
      },
    });
    await until(() => calls >= 5);
    await stop();
    const warnings = lines.filter((line) => line['level'] === 'warn').slice(0, 4);
    expect(warnings.map((line) => [line['attempt'], line['delayMs'], line['reason']])).toEqual([
      [1, 5, 'refused'],
      [2, 10, 'refused'],
      [1, 5, 'connection closed by peer'],
      [2, 10, 'refused again'],
    ]);
    expect(lines.some((line) => line['msg'] === 'mcp: connected')).toBe(true);
  });

  it('resets the backoff when a connection stayed up longer than healthyAfterMs', async () => {
    const { log, lines } = capturingLogger();
    let calls = 0;
    const stop = runWithReconnect({
      name: 'ca',
      log,
      healthyAfterMs: 30,
      backoff: new Backoff({ initialMs: 5, maxMs: 1_000, jitter: 0 }),
      connect: async () => {
        calls++;
        if (calls === 3) await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error(`fail ${calls}`);
      },
    });
    await until(() => calls >= 4);
    await stop();
    const delays = lines.filter((line) => line['level'] === 'warn').slice(0, 3).map((line) => line['delayMs']);
    expect(delays).toEqual([5, 10, 5]);
  });

  it('stop() aborts the running connect and resolves once the loop has ended', async () => {
    const { log } = capturingLogger();
    let sawAbort = false;
    const stop = runWithReconnect({
      name: 'stream',
      log,
      connect: (signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve();
          }),
        ),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await stop();
    expect(sawAbort).toBe(true);
  });

  it('stops when an outer signal aborts, also during the backoff sleep', async () => {
    const { log } = capturingLogger();
    const outer = new AbortController();
    let calls = 0;
    const stop = runWithReconnect({
      name: 'sleepy',
      log,
      signal: outer.signal,
      backoff: new Backoff({ initialMs: 60_000, maxMs: 60_000 }),
      connect: async () => {
        calls++;
        throw new Error('down');
      },
    });
    await until(() => calls === 1);
    outer.abort();
    const started = Date.now();
    await stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toBe(1);
  });
});
