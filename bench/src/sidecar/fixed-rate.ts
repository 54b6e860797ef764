import { Pool } from 'undici';
import { percentile, percentiles, type Percentiles, round } from './stats';

export interface FixedRateRun {
  /** Where the requests go, e.g. http://127.1.2.10:15001. */
  readonly origin: string;
  /** Host header; defaults to the origin's host. */
  readonly host?: string;
  readonly rps: number;
  readonly seconds: number;
}

export interface FixedRateResult {
  readonly sent: number;
  readonly ok: number;
  /** Non-200 answers and requests that got no answer. */
  readonly errors: number;
  /** From handing the request to undici until the whole body arrived. */
  readonly latency_ms: Percentiles;
  /** How late the generator sent requests against the schedule (its own timer jitter), p99. */
  readonly send_lag_p99_ms: number;
}

// Enough connections that a slow answer never holds up the next request: the load stays open-loop.
const CONNECTIONS = 64;

/**
 * An open-loop generator: request i is due at start + i/rps whatever happened to the earlier ones
 * (wrk is closed-loop: it waits for an answer before the next request on a connection, which
 * hides queueing). Every request's latency is timed with the high-resolution clock.
 */
export async function runFixedRate(run: FixedRateRun): Promise<FixedRateResult> {
  const pool = new Pool(run.origin, { connections: CONNECTIONS, keepAliveTimeout: 60_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const headers = run.host ? { host: run.host } : {};
  const total = Math.round(run.rps * run.seconds);
  const latencies: number[] = [];
  const lags: number[] = [];
  let ok = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();

  const fire = (scheduled: number) => {
    const sentAt = performance.now();
    lags.push(sentAt - scheduled);
    const done = pool
      .request({ path: '/', method: 'GET', headers })
      .then(async (res) => {
        await res.body.arrayBuffer();
        latencies.push(performance.now() - sentAt);
        if (res.statusCode === 200) ok++;
        else errors++;
      })
      .catch(() => {
        errors++;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    // A 1 ms tick sends whatever is due, so a late timer is caught up rather than lowering the rate.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * run.rps) / 1000) + 1);
      while (sent < due) fire(start + (sent++ * 1000) / run.rps);
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all(inFlight);
  await pool.close();
  return { sent, ok, errors, latency_ms: percentiles(latencies), send_lag_p99_ms: round(percentile(lags, 99), 3) };
}
