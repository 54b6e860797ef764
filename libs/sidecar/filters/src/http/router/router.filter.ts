import type { RouteEntry, RouteTarget, WeightedTarget } from '@tsmesh/sidecar-xds-client';
import type { FilterStatus, HttpFilter, HttpFilterContext, HttpFilterDefinition, LocalReplyRequest, RouteLookup } from '../filter';
import { resolveRoute } from './resolve-route';

const NO_ROUTE: LocalReplyRequest = { status: 404, flags: 'NR', body: '', reason: 'no route matched the request' };

/**
 * envoy.router: picks the virtual host and route, resolves redirects and direct responses locally,
 * and for cluster routes records the chosen cluster (weighted) and rewrites; the data plane then
 * forwards to that cluster. Stateless, so one instance serves every stream.
 */
class RouterFilter implements HttpFilter {
  constructor(private readonly routes: RouteLookup) {}

  decodeHeaders(ctx: HttpFilterContext): FilterStatus {
    if (!this.routes()) return { ...NO_ROUTE, reason: 'route configuration not received yet' };
    resolveRoute(ctx, this.routes);
    const vh = ctx.virtualHost;
    if (!vh) return { ...NO_ROUTE, reason: `no virtual host for ${ctx.authority || '(no host)'}` };
    const route = ctx.route;
    if (!route) return { ...NO_ROUTE, reason: `no route in virtual host ${vh.name} for ${ctx.method} ${ctx.path}` };
    const t = route.target;
    if (t.kind === 'direct') return { status: t.status, flags: '-', body: t.body, reason: `direct response of route ${route.name}` };
    if (t.kind === 'redirect') return redirect(t, ctx, route);
    const chosen = pickCluster(t);
    ctx.cluster = chosen.cluster;
    ctx.weightedTarget = chosen;
    if (t.prefixRewrite !== undefined && route.path.kind !== 'regex') ctx.path = t.prefixRewrite + ctx.path.slice(route.path.value.length);
    if (t.hostRewrite) ctx.authority = t.hostRewrite;
    return 'continue';
  }
}

function pickCluster(t: Extract<RouteTarget, { kind: 'cluster' }>): WeightedTarget {
  const first = t.clusters[0] as WeightedTarget;
  if (t.clusters.length === 1) return first;
  let pick = Math.random() * t.totalWeight;
  for (const c of t.clusters) {
    pick -= c.weight;
    if (pick < 0) return c;
  }
  return t.clusters[t.clusters.length - 1] ?? first;
}

function redirect(t: Extract<RouteTarget, { kind: 'redirect' }>, ctx: HttpFilterContext, route: RouteEntry): LocalReplyRequest {
  const q = ctx.path.indexOf('?');
  let path = q < 0 ? ctx.path : ctx.path.slice(0, q);
  const query = q < 0 || t.stripQuery ? '' : ctx.path.slice(q);
  if (t.path !== undefined) path = t.path;
  else if (t.prefixRewrite !== undefined && route.path.kind === 'prefix') path = t.prefixRewrite + path.slice(route.path.value.length);
  const authority = ctx.authority.replace(/:\d+$/, '');
  const host = (t.host ?? authority) + (t.port ? `:${t.port}` : '');
  const location = `${t.scheme ?? 'http'}://${host}${path}${query}`;
  return { status: t.responseCode, flags: '-', body: '', reason: `redirect by route ${route.name}`, headers: { location } };
}

export const routerFilter: HttpFilterDefinition = {
  names: ['envoy.router', 'envoy.filters.http.router'],
  typeUrls: ['type.googleapis.com/envoy.extensions.filters.http.router.v3.Router'],
  build: (_config, routes) => {
    const filter = new RouterFilter(routes);
    return { name: 'envoy.router', create: () => filter };
  },
};
