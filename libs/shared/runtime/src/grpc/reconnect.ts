import { describeError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';
import { Backoff } from './backoff';

export interface RunWithReconnectOptions {
  /** Names the connection in logs, e.g. `pilot-ads`. */
  readonly name: string;
  readonly log: Logger;
  readonly backoff?: Backoff;
  /**
   * Opens the connection and settles when it ends: resolve for a clean end (the peer closed
   * the stream), reject for a failure. Both lead to a retry unless stopped. Call `connected()`
   * once the peer has really answered (e.g. the first xDS response) to reset the backoff.
   * Must give up promptly when `signal` aborts.
   */
  connect(signal: AbortSignal, connected: () => void): Promise<void>;
  /**
   * A connection that stayed up this long resets the backoff even without `connected()`;
   * default 10s. Both rules exist so a peer that accepts and immediately drops us still backs off.
   */
  readonly healthyAfterMs?: number;
  /** Stops the loop when it aborts, like calling the returned stop function. */
  readonly signal?: AbortSignal;
}

/** Stops the loop; resolves once the current connect() has settled. */
export type StopReconnect = () => Promise<void>;

/**
 * Keeps a long-lived connection (xDS, MCP, CA) up: connect, wait for it to end, log the reason
 * at warn with attempt number and delay, sleep with backoff, repeat, until stopped.
 */
export function runWithReconnect(options: RunWithReconnectOptions): StopReconnect {
  const { name, log } = options;
  const backoff = options.backoff ?? new Backoff();
  const healthyAfterMs = options.healthyAfterMs ?? 10_000;
  const aborter = new AbortController();
  const stopOnOuterAbort = (): void => aborter.abort();
  options.signal?.addEventListener('abort', stopOnOuterAbort, { once: true });
  if (options.signal?.aborted) aborter.abort();
  const { signal } = aborter;

  const loop = (async () => {
    let failures = 0;
    while (!signal.aborted) {
      const startedAt = Date.now();
      let markedConnected = false;
      const connected = (): void => {
        if (markedConnected || signal.aborted) return;
        markedConnected = true;
        log.info({ connection: name }, `${name}: connected`);
      };
      let reason: string;
      try {
        await options.connect(signal, connected);
        reason = 'connection closed by peer';
      } catch (err) {
        reason = describeError(err);
      }
      if (signal.aborted) break;
      if (markedConnected || Date.now() - startedAt >= healthyAfterMs) {
        // The peer was reachable: this outage starts a fresh backoff sequence.
        failures = 0;
        backoff.reset();
      }
      failures++;
      const delayMs = backoff.next();
      log.warn({ connection: name, attempt: failures, delayMs, reason }, `${name}: ${reason}; retry ${failures} in ${delayMs}ms`);
      await sleep(delayMs, signal);
    }
  })();

  return () => {
    aborter.abort();
    options.signal?.removeEventListener('abort', stopOnOuterAbort);
    return loop;
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
