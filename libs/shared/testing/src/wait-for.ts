import { request } from 'undici';

export interface WaitForOptions {
  /** Give up after this long; default 10s. */
  readonly timeoutMs?: number;
  /** Pause between polls; default 50ms. */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout message: `timed out after 10000ms waiting for galley ready`. */
  readonly what?: string;
}

/**
 * Polls `probe` until it returns a truthy value and returns that value. A throwing probe counts
 * as "not yet"; its last error is quoted in the timeout message, which usually says why.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitForOptions = {}): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'condition stayed false';
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
      lastProblem = `last result: ${JSON.stringify(value) ?? String(value)}`;
    } catch (err) {
      lastProblem = `last error: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${options.what ?? 'condition'} (${lastProblem})`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

/** Polls a URL with GET until it answers 2xx; returns the body text of that answer. */
export async function waitForHttpOk(url: string, timeoutMs = 10_000): Promise<string> {
  return waitFor(
    async () => {
      const response = await request(url, { headersTimeout: 2_000, bodyTimeout: 2_000 });
      const body = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) return { body };
      throw new Error(`HTTP ${response.statusCode}: ${body.slice(0, 200)}`);
    },
    { timeoutMs, intervalMs: 100, what: `GET ${url} to answer 2xx` },
  ).then(({ body }) => body);
}
