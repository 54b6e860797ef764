import type { MirrorConfig } from '@tsmesh/sidecar-xds-client';
import type { Dispatcher } from 'undici';
import type { ReplayableBody } from './replayable-body';
import type { UpstreamCluster } from './upstream-cluster';

/**
 * Envoy's request mirroring: a fire-and-forget copy to the mirror cluster with `-shadow`
 * appended to the Host (Envoy 1.11 appends it to the whole authority, port included). The
 * response is discarded and nothing the mirror does can delay or fail the primary request.
 * Bodies are mirrored only when they fit the replay buffer.
 */
export function mirrorRequest(
  mirror: MirrorConfig,
  cluster: UpstreamCluster | undefined,
  method: string,
  path: string,
  headers: Readonly<Record<string, string | string[]>>,
  body: ReplayableBody | undefined,
  timeoutMs: number,
): void {
  if (!cluster || (mirror.fraction < 1 && Math.random() >= mirror.fraction)) return;
  void (async () => {
    if (body) {
      await body.readAll();
      if (!body.complete) return;
    }
    const host = cluster.pick(undefined);
    if ('flags' in host) return;
    host.rqTotal++;
    cluster.rqTotal++;
    const shadowHeaders = { ...headers, host: `${String(headers['host'] ?? '')}-shadow` };
    const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const res = await host.pool.request({ path, method: method as Dispatcher.HttpMethod, headers: shadowHeaders, body: body?.complete, signal });
    if (res.statusCode >= 500) cluster.record(host, { kind: 'response', status: res.statusCode });
    await res.body.dump();
  })().catch(() => undefined);
}
