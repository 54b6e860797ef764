import { request } from 'undici';

export async function getJson<T>(url: string): Promise<T> {
  const res = await request(url);
  if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode}`);
  return (await res.body.json()) as T;
}

/** Retries `fn` until it returns a value: the mesh converges asynchronously (MCP, xDS, reports). */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
