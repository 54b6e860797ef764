import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import type { Any } from '@tsmesh/contracts/google/protobuf/any';

/**
 * What Envoy subscribes to next after a CDS response: the EDS names of its EDS clusters
 * (`eds_cluster_config.service_name`, or the cluster name when that is empty).
 */
export function edsNamesOf(resources: readonly Any[]): string[] {
  const names = new Set<string>();
  for (const any of resources) {
    const cluster = Cluster.decode(any.value);
    const type = cluster.clusterDiscoveryType;
    if (type?.$case !== 'type' || type.value !== Cluster_DiscoveryType.EDS) continue;
    names.add(cluster.edsClusterConfig?.serviceName || cluster.name);
  }
  return [...names].sort();
}

/**
 * What Envoy subscribes to next after an LDS response: the RDS route config names of every
 * http_connection_manager, in filter chains and in api_listeners (proxyless clients).
 */
export function routeNamesOf(resources: readonly Any[]): string[] {
  const names = new Set<string>();
  for (const any of resources) {
    const listener = Listener.decode(any.value);
    const hcms: Any[] = [];
    if (listener.apiListener?.apiListener) hcms.push(listener.apiListener.apiListener);
    const chains = [...listener.filterChains, ...(listener.defaultFilterChain ? [listener.defaultFilterChain] : [])];
    for (const chain of chains) {
      for (const filter of chain.filters) {
        if (filter.configType?.$case === 'typedConfig') hcms.push(filter.configType.value);
      }
    }
    for (const typed of hcms) {
      if (typed.typeUrl !== EnvoyTypeUrl.HttpConnectionManager) continue;
      const spec = HttpConnectionManager.decode(typed.value).routeSpecifier;
      if (spec?.$case === 'rds' && spec.value.routeConfigName) names.add(spec.value.routeConfigName);
    }
  }
  return [...names].sort();
}
