// Generated modules are imported by path: `@tsmesh/contracts/envoy/config/cluster/v3/cluster`.
// This index holds only the hand-written names that tie the contracts together.

const TYPE_PREFIX = 'type.googleapis.com/';

/** Envoy xDS v3 resource type URLs, one per generator in pilot. */
export const XdsTypeUrl = {
  Listener: `${TYPE_PREFIX}envoy.config.listener.v3.Listener`,
  RouteConfiguration: `${TYPE_PREFIX}envoy.config.route.v3.RouteConfiguration`,
  Cluster: `${TYPE_PREFIX}envoy.config.cluster.v3.Cluster`,
  ClusterLoadAssignment: `${TYPE_PREFIX}envoy.config.endpoint.v3.ClusterLoadAssignment`,
} as const;
export type XdsTypeUrl = (typeof XdsTypeUrl)[keyof typeof XdsTypeUrl];

export const EnvoyTypeUrl = {
  HttpConnectionManager: `${TYPE_PREFIX}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
  TcpProxy: `${TYPE_PREFIX}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`,
  Router: `${TYPE_PREFIX}envoy.extensions.filters.http.router.v3.Router`,
  Fault: `${TYPE_PREFIX}envoy.extensions.filters.http.fault.v3.HTTPFault`,
  UpstreamTlsContext: `${TYPE_PREFIX}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`,
  DownstreamTlsContext: `${TYPE_PREFIX}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`,
} as const;

export function typeUrlOf(fullMessageName: string): string {
  return TYPE_PREFIX + fullMessageName;
}
