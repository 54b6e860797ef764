import { connect, createServer, type Server, type Socket } from 'node:net';
import type { TcpProxyConfig } from '@tsmesh/sidecar-xds-client';
import type { UpstreamCluster } from './upstream-cluster';

/** tcp_proxy: each downstream connection is piped to one upstream host of the cluster; half-close is passed through. */
export function startTcpListener(config: TcpProxyConfig, clusters: ReadonlyMap<string, UpstreamCluster>): Server {
  return createServer({ allowHalfOpen: true }, (downstream: Socket) => {
    const cluster = clusters.get(config.clusters[0]?.cluster ?? '');
    const host = cluster?.pick(undefined);
    if (!host || 'flags' in host) {
      downstream.destroy();
      return;
    }
    const upstream = connect({ host: host.endpoint.address, port: host.endpoint.port, allowHalfOpen: true });
    downstream.setTimeout(config.idleTimeoutMs, () => downstream.destroy());
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    upstream.on('error', () => downstream.destroy());
    downstream.on('error', () => upstream.destroy());
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => downstream.destroy());
  });
}
