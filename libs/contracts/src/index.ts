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
  Cors: `${TYPE_PREFIX}envoy.extensions.filters.http.cors.v3.Cors`,
  HttpRbac: `${TYPE_PREFIX}envoy.extensions.filters.http.rbac.v3.RBAC`,
  OriginalDst: `${TYPE_PREFIX}envoy.extensions.filters.listener.original_dst.v3.OriginalDst`,
  TlsInspector: `${TYPE_PREFIX}envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector`,
  HttpInspector: `${TYPE_PREFIX}envoy.extensions.filters.listener.http_inspector.v3.HttpInspector`,
  FileAccessLog: `${TYPE_PREFIX}envoy.extensions.access_loggers.file.v3.FileAccessLog`,
} as const;

export function typeUrlOf(fullMessageName: string): string {
  return TYPE_PREFIX + fullMessageName;
}
