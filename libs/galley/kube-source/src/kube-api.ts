import { HttpMethod, type KubeConfig, RequestContext } from '@kubernetes/client-node';
import { PeerUnavailableError } from '@tsmesh/shared-errors';
import { fetch } from 'undici';

/** The API server answered with a non-success status; `statusCode` drives 404/410 handling. */
export class KubeApiStatusError extends PeerUnavailableError {
  readonly statusCode: number;
  constructor(statusCode: number, message: string, source: string) {
    super(`HTTP ${statusCode}: ${message}`, { source });
    this.statusCode = statusCode;
  }
}

/** The status code of an API failure, from our own error or from client-node's Watch errors. */
export function statusCodeOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

export interface ObjectList {
  readonly resourceVersion: string;
  readonly items: readonly unknown[];
}

/** client-go's pager default: big enough for few round trips, small enough to bound each response. */
export const LIST_PAGE_SIZE = 500;

/**
 * Lists every object under `path`, page by page (`limit` + `continue`) as client-go's pager
 * does, so one huge collection never has to fit in one API server response. All pages come
 * from the consistent snapshot of the first page. When a continue token has expired (410 Gone,
 * the snapshot was compacted away while we paged), the list restarts as one unpaged full list,
 * like client-go's FullListIfExpired.
 */
export async function listObjects(kc: KubeConfig, path: string, signal: AbortSignal, timeoutMs: number, pageSize = LIST_PAGE_SIZE): Promise<ObjectList> {
  const items: unknown[] = [];
  let token: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (token !== undefined) query.set('continue', token);
    let page: ListPage;
    try {
      page = await getListPage(kc, `${path}?${query}`, signal, timeoutMs);
    } catch (err) {
      if (token === undefined || statusCodeOf(err) !== 410) throw err;
      const full = await getListPage(kc, path, signal, timeoutMs);
      return { resourceVersion: full.resourceVersion, items: full.items };
    }
    items.push(...page.items);
    if (!page.continueToken) return { resourceVersion: page.resourceVersion, items };
    token = page.continueToken;
  }
}

interface ListPage extends ObjectList {
  readonly continueToken: string | undefined;
}

/**
 * One list request. Authentication and TLS come from client-node's RequestContext, the same
 * path its Watch uses, so list and watch always agree on credentials; we read raw JSON rather
 * than going through the generated typed clients, which would re-shape core objects (Dates,
 * dropped unknown fields) before galley hashes them.
 */
async function getListPage(kc: KubeConfig, pathAndQuery: string, signal: AbortSignal, timeoutMs: number): Promise<ListPage> {
  const server = kc.getCurrentCluster()?.server ?? '';
  const url = `${server}${pathAndQuery}`;
  const ctx = new RequestContext(url, HttpMethod.GET);
  await kc.applySecurityAuthentication(ctx);
  const { status, statusText, text } = await fetch(url, {
    headers: { ...ctx.getHeaders(), accept: 'application/json' },
    dispatcher: ctx.getDispatcher(),
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  }).then(
    async (response) => ({ status: response.status, statusText: response.statusText, text: await response.text() }),
    (err: unknown) => Promise.reject(toError(err)),
  );
  if (status !== 200) throw new KubeApiStatusError(status, statusMessage(text) ?? statusText, url);
  const body = JSON.parse(text) as { metadata?: { resourceVersion?: unknown; continue?: unknown }; items?: unknown };
  const resourceVersion = body.metadata?.resourceVersion;
  if (typeof resourceVersion !== 'string' || !Array.isArray(body.items)) {
    throw new KubeApiStatusError(502, 'list response without metadata.resourceVersion or items', url);
  }
  const next = body.metadata?.continue;
  return { resourceVersion, items: body.items, continueToken: typeof next === 'string' && next !== '' ? next : undefined };
}

/** The `message` of a Kubernetes Status body, when the error response carries one. */
export function statusMessage(text: string): string | undefined {
  try {
    const status = JSON.parse(text) as { message?: unknown };
    return typeof status.message === 'string' ? status.message : undefined;
  } catch {
    return undefined;
  }
}

/** An Error for any thrown value; undici hides why a request failed (e.g. ECONNREFUSED) in `cause`. */
export function toError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? new Error(`${err.message}: ${cause.message}`, { cause: err }) : err;
}
