import { XdsTypeUrl } from '@tsmesh/contracts';
import type { ResourceMeta, XdsSnapshot } from '@tsmesh/sidecar-xds-client';

const ADMIN = 'type.googleapis.com/envoy.admin.v3.';

const entries = (snapshot: XdsSnapshot, typeUrl: string): Array<[string, ResourceMeta]> =>
  [...(snapshot.meta[typeUrl] ?? new Map<string, ResourceMeta>())].sort(([a], [b]) => a.localeCompare(b));

/**
 * Envoy's admin v3 ConfigDump as JSON: one entry per config type, in Envoy's order, each
 * dynamic resource with the version it arrived in and when it was last updated.
 */
export function configDump(snapshot: XdsSnapshot): { configs: unknown[] } {
  const at = (m: ResourceMeta) => m.lastUpdated.toISOString();
  return {
    configs: [
      {
        '@type': `${ADMIN}ClustersConfigDump`,
        version_info: snapshot.versions[XdsTypeUrl.Cluster] ?? '',
        dynamic_active_clusters: entries(snapshot, XdsTypeUrl.Cluster).map(([, m]) => ({ version_info: m.version, cluster: m.json, last_updated: at(m) })),
      },
      {
        '@type': `${ADMIN}ListenersConfigDump`,
        version_info: snapshot.versions[XdsTypeUrl.Listener] ?? '',
        dynamic_listeners: entries(snapshot, XdsTypeUrl.Listener).map(([name, m]) => ({ name, active_state: { version_info: m.version, listener: m.json, last_updated: at(m) } })),
      },
      {
        '@type': `${ADMIN}RoutesConfigDump`,
        dynamic_route_configs: entries(snapshot, XdsTypeUrl.RouteConfiguration).map(([, m]) => ({ version_info: m.version, route_config: m.json, last_updated: at(m) })),
      },
      {
        '@type': `${ADMIN}EndpointsConfigDump`,
        dynamic_endpoint_configs: entries(snapshot, XdsTypeUrl.ClusterLoadAssignment).map(([, m]) => ({ version_info: m.version, endpoint_config: m.json, last_updated: at(m) })),
      },
    ],
  };
}
