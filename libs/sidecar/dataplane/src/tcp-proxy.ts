import { connect, type Socket } from 'node:net';
import type { TcpProxyConfig } from '@tsmesh/sidecar-xds-client';
import type { UpstreamCluster } from './upstream-cluster';

/**
 * tcp_proxy: the downstream connection is piped to one host of the cluster (weighted clusters
 * by weight); `initial` are bytes already read (a sniffed ClientHello for TLS passthrough).
 * Half-close is passed through both ways.
 */
export function proxyTcp(downstream: Socket, config: TcpProxyConfig, clusters: ReadonlyMap<string, UpstreamCluster>, initial?: Buffer): void {
  const total = config.clusters.reduce((n, c) => n + c.weight, 0);
  let point = Math.random() * total;
  const chosen = config.clusters.find((c) => (point -= c.weight) < 0) ?? config.clusters[0];
  const cluster = clusters.get(chosen?.cluster ?? '');
  const host = cluster?.pick(undefined);
  if (!host || 'flags' in host) return void downstream.destroy();
  const upstream = connect({ host: host.endpoint.address, port: host.endpoint.port, allowHalfOpen: true });
  if (initial) upstream.write(initial);
  downstream.setTimeout(config.idleTimeoutMs, () => downstream.destroy());
  downstream.pipe(upstream);
  upstream.pipe(downstream);
  downstream.resume();
  upstream.on('error', () => downstream.destroy());
  downstream.on('error', () => upstream.destroy());
  downstream.on('close', () => upstream.destroy());
  upstream.on('close', () => downstream.destroy());
}
