import type { IncomingHttpHeaders } from 'node:http';
import type { RouteEntry, VirtualHostConfig, WeightedTarget } from '@tsmesh/sidecar-xds-client';
import type { RouteTable } from './router/route-table';

/** A local reply a filter asks for instead of continuing (Envoy's sendLocalReply). */
export interface LocalReplyRequest {
  readonly status: number;
  /** Envoy response flag, e.g. NR, UH, FI (fault), or '-' for a plain reply such as a redirect. */
  readonly flags: string;
  readonly body: string;
  readonly reason: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Per-request state shared by the filters of one stream; one object per request, no closures. */
export interface HttpFilterContext {
  readonly method: string;
  /** Lower-case host without port stripping (the router strips as Envoy does). */
  authority: string;
  path: string;
  readonly headers: IncomingHttpHeaders;
  /** Set by the router when a route matched. */
  route?: RouteEntry;
  virtualHost?: VirtualHostConfig;
  /** Set by the router: the upstream cluster chosen (weighted clusters already resolved). */
  cluster?: string;
  /** The weighted_clusters entry chosen (its header operations apply to this request). */
  weightedTarget?: WeightedTarget;
  /** True once the route was looked up (Envoy caches the route for every filter of the stream). */
  routeResolved?: boolean;
  /** Response flags a filter adds without ending the stream, e.g. DI for an injected delay. */
  flags?: string[];
  /** Response headers a filter wants added to whatever reply goes out (e.g. CORS). */
  responseHeaders?: Record<string, string>;
}

/** Continue to the next filter, or stop the chain and reply locally. */
export type FilterStatus = 'continue' | LocalReplyRequest;

/**
 * One HTTP filter instance per stream. Only decodeHeaders is mandatory; filters that need the
 * body or the response (fault delay, cors response headers) implement the optional hooks.
 */
export interface HttpFilter {
  decodeHeaders(ctx: HttpFilterContext): FilterStatus | Promise<FilterStatus>;
  encodeHeaders?(ctx: HttpFilterContext, status: number, headers: Record<string, string | string[]>): void;
}

/** Built once per HCM at apply time from the filter's typed_config; creates a filter per stream. */
export interface HttpFilterFactory {
  readonly name: string;
  create(): HttpFilter;
  /** Envoy counters of this filter, named below `http.<stat_prefix>.` (e.g. `fault.aborts_injected`). */
  stats?(): Readonly<Record<string, number>>;
}

/** A registry entry: decodes the filter's typed_config (packed Any value) and per-route overrides. */
export interface HttpFilterDefinition {
  /** Envoy names this filter answers to, e.g. `envoy.router` and `envoy.filters.http.router`. */
  readonly names: readonly string[];
  readonly typeUrls: readonly string[];
  build(config: Buffer | undefined, routes: RouteLookup): HttpFilterFactory;
  /** Throws a BadRequestError (with `field`) when a route's typed_per_filter_config for this filter is unusable. */
  validatePerRoute?(packed: { readonly typeUrl: string; readonly value: Buffer }, source: string, field: string): void;
}

/** The HCM's current route table: inline, or the RDS config of that name (undefined until it arrives). */
export type RouteLookup = () => RouteTable | undefined;
