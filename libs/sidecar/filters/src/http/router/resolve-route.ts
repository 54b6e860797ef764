import type { HttpFilterContext, RouteLookup } from '../filter';

/**
 * Looks the stream's route up once and caches it on the context, as Envoy's HCM caches the
 * route for every filter: fault and CORS read their per-route config from it, the router acts on it.
 */
export function resolveRoute(ctx: HttpFilterContext, routes: RouteLookup): void {
  if (ctx.routeResolved) return;
  ctx.routeResolved = true;
  const table = routes();
  const vh = table?.virtualHost(ctx.authority);
  if (!vh) return;
  ctx.virtualHost = vh;
  ctx.route = table?.route(vh, ctx);
}

/** A filter's per-route config: the route's, else its virtual host's (Envoy's most specific wins). */
export function perFilterConfig(ctx: HttpFilterContext, names: readonly string[]): { typeUrl: string; value: Buffer } | undefined {
  for (const source of [ctx.route?.perFilterConfig, ctx.virtualHost?.perFilterConfig]) {
    if (!source) continue;
    for (const n of names) {
      const hit = source.get(n);
      if (hit) return hit;
    }
  }
  return undefined;
}
