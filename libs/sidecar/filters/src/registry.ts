import { BadRequestError } from '@tsmesh/shared-errors';
import type { HttpFilterConfig, RouteConfig, RouteEntry } from '@tsmesh/sidecar-xds-client';
import type { HttpFilterDefinition, HttpFilterFactory, RouteLookup } from './http/filter';
import { corsFilter } from './http/cors/cors.filter';
import { faultFilter } from './http/fault/fault.filter';
import { routerFilter } from './http/router/router.filter';

/** Every HTTP filter the sidecar knows, keyed by its Envoy name(s). Order of execution is the HCM's order. */
const DEFINITIONS: readonly HttpFilterDefinition[] = [corsFilter, faultFilter, routerFilter];

const BY_NAME = new Map<string, HttpFilterDefinition>();
for (const d of DEFINITIONS) for (const n of d.names) BY_NAME.set(n, d);

export function isKnownHttpFilter(name: string): boolean {
  return BY_NAME.has(name);
}

/**
 * Builds an HCM's filter chain at apply time. Unknown filters are a NACK unless marked optional
 * (then skipped, as Envoy does); the chain must end with the router.
 */
export function buildHttpFilterChain(filters: readonly HttpFilterConfig[], routes: RouteLookup, source: string): HttpFilterFactory[] {
  const chain: HttpFilterFactory[] = [];
  filters.forEach((f, i) => {
    if (f.disabled) return;
    const def = BY_NAME.get(f.name);
    if (!def) {
      if (f.optional) return;
      throw new BadRequestError(`unknown http filter ${f.name}`, { source, field: `http_filters[${i}].name` });
    }
    if (f.typeUrl && !def.typeUrls.includes(f.typeUrl)) {
      throw new BadRequestError(`http filter ${f.name} has typed_config ${f.typeUrl}`, { source, field: `http_filters[${i}].typed_config` });
    }
    chain.push(def.build(f.config, routes));
  });
  if (chain.at(-1)?.name !== 'envoy.router') throw new BadRequestError('the last http filter must be the router', { source, field: 'http_filters' });
  return chain;
}

/**
 * Checks every route's typed_per_filter_config with its filter when a route config is applied,
 * so a bad per-route config is a NACK then and never an error on the request path.
 */
export function validatePerFilterConfigs(config: RouteConfig): void {
  const source = `RouteConfiguration ${config.name}`;
  config.virtualHosts.forEach((vh, i) => {
    const check = (packed: RouteEntry['perFilterConfig'], field: string) => {
      for (const [name, value] of packed) BY_NAME.get(name)?.validatePerRoute?.(value, source, `${field}.typed_per_filter_config[${name}]`);
    };
    check(vh.perFilterConfig, `virtual_hosts[${i}]`);
    vh.routes.forEach((r, j) => check(r.perFilterConfig, `virtual_hosts[${i}].routes[${j}]`));
  });
}
