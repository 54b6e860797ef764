import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { TcpProxy } from '@tsmesh/contracts/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { clusterFromProto, listenerFromProto, routeConfigFromProto, type ClusterConfig, type ListenerConfig, type RouteConfig } from '@tsmesh/sidecar-xds-client';

/** Builders that shape protos the way pilot does (Istio 1.2 names), then run them through the adapters. */
export function hcmAny(partial: Parameters<typeof HttpConnectionManager.fromPartial>[0]) {
  return { typeUrl: EnvoyTypeUrl.HttpConnectionManager, value: Buffer.from(HttpConnectionManager.encode(HttpConnectionManager.fromPartial(partial)).finish()) };
}

export const ROUTER = { name: 'envoy.router', configType: { $case: 'typedConfig' as const, value: { typeUrl: EnvoyTypeUrl.Router, value: Buffer.alloc(0) } } };

export function outboundListener(port: number, extraFilters: { name: string; isOptional?: boolean }[] = []): ListenerConfig {
  return listenerFromProto(
    Listener.fromPartial({
      name: `0.0.0.0_${port}`,
      address: { address: { $case: 'socketAddress', value: { address: '0.0.0.0', portSpecifier: { $case: 'portValue', value: port } } } },
      bindToPort: false,
      filterChains: [
        {
          filters: [
            {
              name: 'envoy.http_connection_manager',
              configType: {
                $case: 'typedConfig',
                value: hcmAny({
                  statPrefix: `outbound_0.0.0.0_${port}`,
                  routeSpecifier: { $case: 'rds', value: { routeConfigName: String(port), configSource: { configSourceSpecifier: { $case: 'ads', value: {} } } } },
                  httpFilters: [...extraFilters, ROUTER],
                }),
              },
            },
          ],
        },
      ],
    }),
  );
}

/** Istio 1.2's `virtual` listener: use_original_dst with a tcp_proxy chain to PassthroughCluster. */
export function virtualListener(port: number): ListenerConfig {
  const tcp = { typeUrl: EnvoyTypeUrl.TcpProxy, value: Buffer.from(TcpProxy.encode(TcpProxy.fromPartial({ statPrefix: 'PassthroughCluster', clusterSpecifier: { $case: 'cluster', value: 'PassthroughCluster' } })).finish()) };
  return listenerFromProto(
    Listener.fromPartial({
      name: 'virtual',
      address: { address: { $case: 'socketAddress', value: { address: '0.0.0.0', portSpecifier: { $case: 'portValue', value: port } } } },
      useOriginalDst: true,
      filterChains: [{ filters: [{ name: 'envoy.tcp_proxy', configType: { $case: 'typedConfig', value: tcp } }] }],
    }),
  );
}

export function routeConfig(port: number, host: string, cluster: string): RouteConfig {
  return routeConfigFromProto(
    RouteConfiguration.fromPartial({
      name: String(port),
      virtualHosts: [
        {
          name: `${host}:${port}`,
          domains: [host, `${host}:${port}`],
          routes: [
            { name: 'v1-only', match: { pathSpecifier: { $case: 'prefix', value: '/v1/' }, headers: [{ name: 'end-user', headerMatchSpecifier: { $case: 'exactMatch', value: 'jason' } }] }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: cluster }, prefixRewrite: '/api/' } } },
            { name: 'moved', match: { pathSpecifier: { $case: 'path', value: '/old' } }, action: { $case: 'redirect', value: { pathRewriteSpecifier: { $case: 'pathRedirect', value: '/new' } } } },
            { name: 'default', match: { pathSpecifier: { $case: 'prefix', value: '/' } }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: cluster } } }, responseHeadersToAdd: [{ header: { key: 'x-route', value: 'default' } }] },
          ],
        },
      ],
    }),
  );
}

export function staticCluster(name: string, address: string, port: number): ClusterConfig {
  return clusterFromProto(
    Cluster.fromPartial({
      name,
      clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.STATIC },
      connectTimeout: { seconds: '1', nanos: 0 },
      loadAssignment: {
        clusterName: name,
        endpoints: [{ lbEndpoints: [{ hostIdentifier: { $case: 'endpoint', value: { address: { address: { $case: 'socketAddress', value: { address, portSpecifier: { $case: 'portValue', value: port } } } } } } }] }],
      },
    }),
  );
}

/** Istio 1.2 inbound listener: `<podIP>_<port>`, bind_to_port false, inline route to `inbound|<port>||<host>`, optional route timeout. */
export function inboundListener(podIp: string, port: number, cluster: string, timeoutMs?: number, websocket = false): ListenerConfig {
  const timeout = timeoutMs === undefined ? undefined : { seconds: String(Math.floor(timeoutMs / 1000)), nanos: (timeoutMs % 1000) * 1e6 };
  return listenerFromProto(
    Listener.fromPartial({
      name: `${podIp}_${port}`,
      address: { address: { $case: 'socketAddress', value: { address: podIp, portSpecifier: { $case: 'portValue', value: port } } } },
      bindToPort: false,
      filterChains: [
        {
          filters: [
            {
              name: 'envoy.http_connection_manager',
              configType: {
                $case: 'typedConfig',
                value: hcmAny({
                  statPrefix: cluster,
                  routeSpecifier: {
                    $case: 'routeConfig',
                    value: { name: cluster, virtualHosts: [{ name: 'inbound|http|9080', domains: ['*'], routes: [{ name: 'default', match: { pathSpecifier: { $case: 'prefix', value: '/' } }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: cluster }, timeout } } }] }] },
                  },
                  httpFilters: [ROUTER],
                  upgradeConfigs: websocket ? [{ upgradeType: 'websocket' }] : [],
                }),
              },
            },
          ],
        },
      ],
    }),
  );
}

export function tcpListener(port: number, cluster: string): ListenerConfig {
  return listenerFromProto(
    Listener.fromPartial({
      name: `0.0.0.0_${port}`,
      address: { address: { $case: 'socketAddress', value: { address: '0.0.0.0', portSpecifier: { $case: 'portValue', value: port } } } },
      filterChains: [{ filters: [{ name: 'envoy.tcp_proxy', configType: { $case: 'typedConfig', value: { typeUrl: EnvoyTypeUrl.TcpProxy, value: Buffer.from(TcpProxy.encode(TcpProxy.fromPartial({ statPrefix: cluster, clusterSpecifier: { $case: 'cluster', value: cluster } })).finish()) } } }] }],
    }),
  );
}

/** Istio 1.2's PassthroughCluster: ORIGINAL_DST, CLUSTER_PROVIDED. */
export function passthroughCluster(): ClusterConfig {
  return clusterFromProto(Cluster.fromPartial({ name: 'PassthroughCluster', clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.ORIGINAL_DST }, lbPolicy: Cluster_LbPolicy.CLUSTER_PROVIDED, connectTimeout: { seconds: '1', nanos: 0 } }));
}
