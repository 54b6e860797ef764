import { EnvoyTypeUrl } from '@tsmesh/contracts';
import type { CorsConfig } from '@tsmesh/sidecar-xds-client';
import type { FilterStatus, HttpFilter, HttpFilterContext, HttpFilterDefinition, RouteLookup } from '../filter';
import { resolveRoute } from '../router/resolve-route';

function originAllowed(policy: CorsConfig, origin: string): boolean {
  return policy.allowOrigins.some((o) => {
    switch (o.kind) {
      case 'exact':
        return o.value === '*' || o.value === origin;
      case 'prefix':
        return origin.startsWith(o.value);
      case 'suffix':
        return origin.endsWith(o.value);
      case 'regex':
        return o.regex.test(origin);
    }
  });
}

/**
 * envoy.cors with Istio 1.2's VirtualService corsPolicy: the route's policy, else the virtual
 * host's. A preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin is
 * answered here; other requests from an allowed origin get allow-origin (and credentials,
 * expose-headers) on the response. Disallowed origins pass through without CORS headers.
 */
class CorsFilter implements HttpFilter {
  constructor(private readonly routes: RouteLookup) {}

  decodeHeaders(ctx: HttpFilterContext): FilterStatus {
    const origin = ctx.headers.origin;
    if (typeof origin !== 'string' || origin === '') return 'continue';
    resolveRoute(ctx, this.routes);
    const policy = ctx.route?.target.kind === 'cluster' ? (ctx.route.target.cors ?? ctx.virtualHost?.cors) : ctx.virtualHost?.cors;
    if (!policy || !originAllowed(policy, origin)) return 'continue';
    const headers: Record<string, string> = { 'access-control-allow-origin': origin };
    if (policy.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    if (ctx.method === 'OPTIONS' && ctx.headers['access-control-request-method'] !== undefined) {
      if (policy.allowMethods) headers['access-control-allow-methods'] = policy.allowMethods;
      if (policy.allowHeaders) headers['access-control-allow-headers'] = policy.allowHeaders;
      if (policy.maxAge) headers['access-control-max-age'] = policy.maxAge;
      return { status: 200, flags: '-', body: '', reason: 'CORS preflight answered by the sidecar', headers };
    }
    if (policy.exposeHeaders) headers['access-control-expose-headers'] = policy.exposeHeaders;
    ctx.responseHeaders = { ...ctx.responseHeaders, ...headers };
    return 'continue';
  }
}

export const corsFilter: HttpFilterDefinition = {
  names: ['envoy.cors', 'envoy.filters.http.cors'],
  typeUrls: [EnvoyTypeUrl.Cors],
  build: (_config, routes) => {
    const filter = new CorsFilter(routes);
    return { name: 'envoy.cors', create: () => filter };
  },
};
