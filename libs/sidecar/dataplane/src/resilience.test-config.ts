import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type { RouteAction } from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import { HTTPFault } from '@tsmesh/contracts/envoy/extensions/filters/http/fault/v3/fault';
import { clusterFromProto, routeConfigFromProto, type ClusterConfig, type RouteConfig } from '@tsmesh/sidecar-xds-client';

type ClusterPartial = Parameters<typeof Cluster.fromPartial>[0];
type ActionPartial = Omit<Parameters<typeof RouteAction.fromPartial>[0], 'clusterSpecifier'>;

const ms = (n: number) => ({ seconds: String(Math.floor(n / 1000)), nanos: (n % 1000) * 1e6 });

/** A STATIC cluster over loopback ports, shaped as pilot shapes DestinationRule settings. */
export function clusterOver(name: string, ports: readonly number[], extra: ClusterPartial = {}): ClusterConfig {
  return clusterFromProto(
    Cluster.fromPartial({
      name,
      clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.STATIC },
      connectTimeout: ms(1000),
      lbPolicy: Cluster_LbPolicy.ROUND_ROBIN,
      loadAssignment: {
        clusterName: name,
        endpoints: [{ lbEndpoints: ports.map((port) => ({ hostIdentifier: { $case: 'endpoint' as const, value: { address: { address: { $case: 'socketAddress' as const, value: { address: '127.0.0.1', portSpecifier: { $case: 'portValue' as const, value: port } } } } } } })) }],
      },
      ...extra,
    }),
  );
}

export interface TestRoute {
  readonly prefix: string;
  readonly cluster: string;
  readonly action?: ActionPartial;
  readonly fault?: { abortStatus?: number; abortPercent?: number; delayMs?: number; delayPercent?: number };
}

/** Istio 1.2's default retry policy (pilot sends it when a VirtualService sets no `retries`). */
export const ISTIO_DEFAULT_RETRY = {
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes',
  numRetries: 2,
  retriableStatusCodes: [503],
  retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }],
  hostSelectionRetryMaxAttempts: '3',
};

function faultAny(f: NonNullable<TestRoute['fault']>) {
  const msg = HTTPFault.fromPartial({
    ...(f.delayMs !== undefined ? { delay: { faultDelaySecifier: { $case: 'fixedDelay', value: ms(f.delayMs) }, percentage: { numerator: f.delayPercent ?? 100, denominator: 0 } } } : {}),
    ...(f.abortStatus !== undefined ? { abort: { errorType: { $case: 'httpStatus', value: f.abortStatus }, percentage: { numerator: f.abortPercent ?? 100, denominator: 0 } } } : {}),
  });
  return { typeUrl: EnvoyTypeUrl.Fault, value: Buffer.from(HTTPFault.encode(msg).finish()) };
}

/** One virtual host `svc` (any port) with the given routes, in order. */
export function routesFor(port: number, host: string, routes: readonly TestRoute[]): RouteConfig {
  return routeConfigFromProto(
    RouteConfiguration.fromPartial({
      name: String(port),
      virtualHosts: [
        {
          name: `${host}:${port}`,
          domains: [host, `${host}:${port}`],
          routes: routes.map((r) => ({
            name: r.prefix,
            match: { pathSpecifier: { $case: 'prefix', value: r.prefix } },
            action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: r.cluster }, timeout: ms(0), retryPolicy: ISTIO_DEFAULT_RETRY, ...r.action } },
            typedPerFilterConfig: r.fault ? { 'envoy.fault': faultAny(r.fault) } : {},
          })),
        },
      ],
    }),
  );
}

export { ms };
