// Outgoing calls. The app knows nothing about a mesh: it uses whatever HTTP proxy the
// environment names (HTTP_PROXY / NO_PROXY), as any well-behaved program does.
import type { IncomingHttpHeaders } from 'node:http';
import { EnvHttpProxyAgent, request } from 'undici';

/**
 * Headers Bookinfo passes from the incoming request to every call it makes, so a trace and the
 * user's identity follow the request through the mesh.
 */
export const FORWARDED_HEADERS = [
  'x-request-id',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'b3',
  'x-ot-span-context',
  'traceparent',
  'tracestate',
  'end-user',
  'user-agent',
  'cookie',
] as const;

export function forwardedHeaders(incoming: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = incoming[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

// Node 24's built-in fetch (NODE_USE_ENV_PROXY) tunnels even plain-http requests through CONNECT;
// an absolute-form request is what an HTTP proxy is asked for http:// URLs, so undici's agent is
// told not to tunnel them.
const dispatcher = new EnvHttpProxyAgent({ proxyTunnel: false });

export type Fetched<T> = { ok: true; body: T; version: string | undefined } | { ok: false; error: string };

/** GETs JSON; every failure (network, timeout, non-2xx) comes back as `ok: false` with a reason. */
export async function getJson<T>(url: string, headers: Record<string, string>, timeoutMs: number): Promise<Fetched<T>> {
  try {
    const res = await request(url, { headers, dispatcher, signal: AbortSignal.timeout(timeoutMs) });
    const version = res.headers['x-bookinfo-version'];
    if (res.statusCode < 200 || res.statusCode > 299) {
      await res.body.dump();
      return { ok: false, error: `${url}: HTTP ${res.statusCode}` };
    }
    return { ok: true, body: (await res.body.json()) as T, version: typeof version === 'string' ? version : undefined };
  } catch (err) {
    return { ok: false, error: `${url}: ${(err as Error).message}` };
  }
}

export function closeUpstreams(): Promise<void> {
  return dispatcher.close();
}
