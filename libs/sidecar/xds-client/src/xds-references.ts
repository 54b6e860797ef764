import { EnvoyTypeUrl } from '@tsmesh/contracts';
import type { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import type { FilterChain } from '@tsmesh/contracts/envoy/config/listener/v3/listener_components';
import type { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { TcpProxy } from '@tsmesh/contracts/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy';
import { BadRequestError } from '@tsmesh/shared-errors';

/** What one listener needs before it may be switched in: RDS names and clusters (tcp_proxy). */
export interface ListenerReferences {
  readonly routeConfigNames: readonly string[];
  readonly clusterNames: readonly string[];
}

const HCM_NAMES = new Set(['envoy.http_connection_manager', 'envoy.filters.network.http_connection_manager']);
const TCP_NAMES = new Set(['envoy.tcp_proxy', 'envoy.filters.network.tcp_proxy']);

/**
 * Walks a listener's filter chains for what it references, validating what the walk depends
 * on; errors carry the listener name and the field path, as Envoy's NACK reasons do.
 */
export function listenerReferences(listener: Listener): ListenerReferences {
  const source = `Listener ${listener.name || '(unnamed)'}`;
  if (!listener.name) throw new BadRequestError('listener has no name', { source, field: 'name' });
  const routes = new Set<string>();
  const clusters = new Set<string>();
  const chains: Array<[string, FilterChain]> = listener.filterChains.map((c, i) => [`filter_chains[${i}]`, c]);
  if (listener.defaultFilterChain) chains.push(['default_filter_chain', listener.defaultFilterChain]);
  for (const [chainPath, chain] of chains) {
    chain.filters.forEach((filter, j) => {
      const path = `${chainPath}.filters[${j}]`;
      const typed = filter.configType?.$case === 'typedConfig' ? filter.configType.value : undefined;
      const isHcm = HCM_NAMES.has(filter.name) || typed?.typeUrl === EnvoyTypeUrl.HttpConnectionManager;
      const isTcp = TCP_NAMES.has(filter.name) || typed?.typeUrl === EnvoyTypeUrl.TcpProxy;
      if (!isHcm && !isTcp) return;
      if (!typed) throw new BadRequestError(`${filter.name} needs a typed_config`, { source, field: `${path}.typed_config` });
      if (isHcm) {
        const hcm = decodeOrThrow(() => HttpConnectionManager.decode(typed.value), source, `${path}.typed_config`);
        const spec = hcm.routeSpecifier;
        if (spec?.$case === 'rds') {
          if (!spec.value.routeConfigName) throw new BadRequestError('rds needs a route_config_name', { source, field: `${path}.typed_config.rds.route_config_name` });
          if (spec.value.configSource?.configSourceSpecifier?.$case !== 'ads') {
            throw new BadRequestError('RDS must use ADS as its config source', { source, field: `${path}.typed_config.rds.config_source` });
          }
          routes.add(spec.value.routeConfigName);
        } else if (spec?.$case === 'routeConfig') {
          for (const c of routeClusters(spec.value, `${source} ${path}.typed_config.route_config`)) clusters.add(c);
        } else {
          throw new BadRequestError('http_connection_manager needs rds or route_config', { source, field: `${path}.typed_config.route_specifier` });
        }
      } else {
        const tcp = decodeOrThrow(() => TcpProxy.decode(typed.value), source, `${path}.typed_config`);
        const spec = tcp.clusterSpecifier;
        if (spec?.$case === 'cluster' && spec.value) clusters.add(spec.value);
        else if (spec?.$case === 'weightedClusters') spec.value.clusters.forEach((w) => clusters.add(w.name));
        else throw new BadRequestError('tcp_proxy needs a cluster', { source, field: `${path}.typed_config.cluster` });
      }
    });
  }
  return { routeConfigNames: [...routes].sort(), clusterNames: [...clusters].sort() };
}

/** The clusters a route configuration forwards to; validates that each route names one. */
export function routeClusters(config: RouteConfiguration, sourceOverride?: string): string[] {
  const source = sourceOverride ?? `RouteConfiguration ${config.name || '(unnamed)'}`;
  if (!sourceOverride && !config.name) throw new BadRequestError('route configuration has no name', { source, field: 'name' });
  const clusters = new Set<string>();
  config.virtualHosts.forEach((vh, i) => {
    if (vh.domains.length === 0) throw new BadRequestError('virtual host has no domains', { source, field: `virtual_hosts[${i}].domains` });
    vh.routes.forEach((route, j) => {
      const path = `virtual_hosts[${i}].routes[${j}]`;
      if (route.action?.$case !== 'route') return;
      const spec = route.action.value.clusterSpecifier;
      if (spec?.$case === 'cluster' && spec.value) clusters.add(spec.value);
      else if (spec?.$case === 'weightedClusters' && spec.value.clusters.length > 0) spec.value.clusters.forEach((w) => clusters.add(w.name));
      else throw new BadRequestError('route action names no cluster', { source, field: `${path}.route.cluster_specifier` });
    });
  });
  return [...clusters].sort();
}

function decodeOrThrow<T>(decode: () => T, source: string, field: string): T {
  try {
    return decode();
  } catch (err) {
    throw new BadRequestError(`cannot decode: ${err instanceof Error ? err.message : String(err)}`, { source, field });
  }
}
