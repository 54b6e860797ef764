import type { Duration } from '@tsmesh/contracts/google/protobuf/duration';
import type { HeaderValueOption } from '@tsmesh/contracts/envoy/config/core/v3/base';
import type { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type {
  CorsPolicy,
  HeaderMatcher,
  Route,
  RouteAction,
  RedirectAction,
  VirtualHost,
} from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import { BadRequestError } from '@tsmesh/shared-errors';

/** A header matcher reduced to what the router evaluates; regexes are compiled once, here. */
export interface HeaderMatch {
  readonly name: string;
  readonly kind: 'exact' | 'prefix' | 'suffix' | 'contains' | 'regex' | 'present';
  readonly value: string;
  readonly regex?: RegExp;
  readonly invert: boolean;
}

export interface HeaderMutation {
  readonly add: readonly { readonly key: string; readonly value: string; readonly append: boolean }[];
  readonly remove: readonly string[];
}

export interface RetryPolicyConfig {
  readonly retryOn: string;
  readonly numRetries: number;
  readonly perTryTimeoutMs?: number;
  readonly retriableStatusCodes: readonly number[];
  /** retry_host_predicate envoy.retry_host_predicates.previous_hosts. */
  readonly avoidPreviousHosts: boolean;
  readonly hostSelectionRetryMaxAttempts: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
}

export type HashPolicyConfig =
  | { readonly kind: 'header'; readonly headerName: string; readonly terminal: boolean }
  | { readonly kind: 'cookie'; readonly cookieName: string; readonly ttlMs?: number; readonly terminal: boolean }
  | { readonly kind: 'sourceIp'; readonly terminal: boolean }
  | { readonly kind: 'queryParameter'; readonly name: string; readonly terminal: boolean };

/** Envoy's CORS policy (route or virtual host level); origins are exact or regex matches. */
export interface CorsConfig {
  readonly allowOrigins: readonly ({ readonly kind: 'exact'; readonly value: string } | { readonly kind: 'prefix' | 'suffix'; readonly value: string } | { readonly kind: 'regex'; readonly regex: RegExp })[];
  readonly allowMethods: string;
  readonly allowHeaders: string;
  readonly exposeHeaders: string;
  readonly maxAge: string;
  readonly allowCredentials: boolean;
}

/** request_mirror_policies: a copy goes to `cluster` for this share of requests (0..1). */
export interface MirrorConfig {
  readonly cluster: string;
  readonly fraction: number;
}

export interface WeightedTarget {
  readonly cluster: string;
  readonly weight: number;
  readonly headers: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
}

export type RouteTarget =
  | {
      readonly kind: 'cluster';
      /** One entry for a plain cluster; several for weighted_clusters. */
      readonly clusters: readonly WeightedTarget[];
      readonly totalWeight: number;
      readonly prefixRewrite?: string;
      readonly hostRewrite?: string;
      /** 0 disables the timeout, as in Envoy; Envoy's default is 15 s. */
      readonly timeoutMs: number;
      readonly retryPolicy?: RetryPolicyConfig;
      /** max_grpc_timeout: undefined ignores grpc-timeout; 0 honours it uncapped; else caps it. */
      readonly maxGrpcTimeoutMs?: number;
      readonly mirrors: readonly MirrorConfig[];
      readonly cors?: CorsConfig;
      readonly hashPolicy: readonly HashPolicyConfig[];
      readonly upgrades: ReadonlyMap<string, boolean>;
    }
  | {
      readonly kind: 'redirect';
      readonly responseCode: 301 | 302 | 303 | 307 | 308;
      readonly scheme?: string;
      readonly host?: string;
      readonly port?: number;
      readonly path?: string;
      readonly prefixRewrite?: string;
      readonly stripQuery: boolean;
    }
  | { readonly kind: 'direct'; readonly status: number; readonly body: string };

export interface RouteEntry {
  readonly name: string;
  readonly path: { readonly kind: 'prefix' | 'path'; readonly value: string } | { readonly kind: 'regex'; readonly regex: RegExp };
  readonly caseSensitive: boolean;
  readonly headers: readonly HeaderMatch[];
  readonly queryParameters: readonly { readonly name: string; readonly exact?: string }[];
  readonly target: RouteTarget;
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
  /** typed_per_filter_config, still packed: each filter decodes its own (see the filters registry). */
  readonly perFilterConfig: ReadonlyMap<string, { readonly typeUrl: string; readonly value: Buffer }>;
}

export interface VirtualHostConfig {
  readonly name: string;
  readonly domains: readonly string[];
  readonly routes: readonly RouteEntry[];
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
  readonly perFilterConfig: ReadonlyMap<string, { readonly typeUrl: string; readonly value: Buffer }>;
  readonly cors?: CorsConfig;
}

export interface RouteConfig {
  readonly name: string;
  readonly virtualHosts: readonly VirtualHostConfig[];
  readonly requestHeaders: HeaderMutation;
  readonly responseHeaders: HeaderMutation;
  readonly validateClusters: boolean;
}

type Where = { readonly source: string };

export function durationToMs(d: Duration | undefined): number | undefined {
  return d ? Number(d.seconds) * 1000 + Math.floor(d.nanos / 1e6) : undefined;
}

function compileRegex(regex: string, flags: string, where: Where, field: string): RegExp {
  try {
    // Envoy's RE2 matches the whole value; anchor so JS semantics agree.
    return new RegExp(`^(?:${regex})$`, flags);
  } catch (error) {
    throw new BadRequestError(`invalid regex ${JSON.stringify(regex)}: ${(error as Error).message}`, { ...where, field });
  }
}

function mutation(add: readonly HeaderValueOption[], remove: readonly string[], where: Where, field: string): HeaderMutation {
  return {
    add: add.map((option, i) => {
      const key = option.header?.key.toLowerCase();
      if (!key) throw new BadRequestError('header to add has no key', { ...where, field: `${field}[${i}].header.key` });
      return { key, value: option.header?.value ?? '', append: option.append ?? true };
    }),
    remove: remove.map((name) => name.toLowerCase()),
  };
}

function headerMatch(m: HeaderMatcher, where: Where, field: string): HeaderMatch {
  const name = m.name.toLowerCase();
  if (!name) throw new BadRequestError('header matcher has no name', { ...where, field: `${field}.name` });
  const spec = m.headerMatchSpecifier;
  const base = { name, invert: m.invertMatch };
  switch (spec?.$case) {
    case undefined:
      return { ...base, kind: 'present', value: '' };
    case 'exactMatch':
      return { ...base, kind: 'exact', value: spec.value };
    case 'prefixMatch':
      return { ...base, kind: 'prefix', value: spec.value };
    case 'suffixMatch':
      return { ...base, kind: 'suffix', value: spec.value };
    case 'containsMatch':
      return { ...base, kind: 'contains', value: spec.value };
    case 'presentMatch':
      return { ...base, kind: 'present', value: '', invert: spec.value ? m.invertMatch : !m.invertMatch };
    case 'safeRegexMatch':
      return { ...base, kind: 'regex', value: spec.value.regex, regex: compileRegex(spec.value.regex, '', where, `${field}.safe_regex_match`) };
    case 'stringMatch': {
      const p = spec.value.matchPattern;
      const ci = spec.value.ignoreCase;
      if (p?.$case === 'exact' && !ci) return { ...base, kind: 'exact', value: p.value };
      if (p?.$case === 'prefix' && !ci) return { ...base, kind: 'prefix', value: p.value };
      if (p?.$case === 'suffix' && !ci) return { ...base, kind: 'suffix', value: p.value };
      if (p?.$case === 'contains' && !ci) return { ...base, kind: 'contains', value: p.value };
      if (p?.$case === 'safeRegex') return { ...base, kind: 'regex', value: p.value.regex, regex: compileRegex(p.value.regex, '', where, `${field}.string_match.safe_regex`) };
      throw new BadRequestError('unsupported string_match', { ...where, field: `${field}.string_match` });
    }
    default:
      throw new BadRequestError(`unsupported header matcher ${String(spec?.$case)}`, { ...where, field });
  }
}

function corsFromProto(c: CorsPolicy | undefined, where: Where, field: string): CorsConfig | undefined {
  if (!c) return undefined;
  return {
    allowOrigins: c.allowOriginStringMatch.map((m, i) => {
      const p = m.matchPattern;
      if (p?.$case === 'exact' || p?.$case === 'prefix' || p?.$case === 'suffix') return { kind: p.$case, value: p.value };
      if (p?.$case === 'safeRegex') return { kind: 'regex', regex: compileRegex(p.value.regex, m.ignoreCase ? 'i' : '', where, `${field}.allow_origin_string_match[${i}]`) };
      throw new BadRequestError('unsupported origin matcher', { ...where, field: `${field}.allow_origin_string_match[${i}]` });
    }),
    allowMethods: c.allowMethods,
    allowHeaders: c.allowHeaders,
    exposeHeaders: c.exposeHeaders,
    maxAge: c.maxAge,
    allowCredentials: c.allowCredentials ?? false,
  };
}

function fractionOf(p: { numerator: number; denominator: number } | undefined): number {
  if (!p) return 1;
  const denominators = [100, 10_000, 1_000_000];
  return Math.min(1, p.numerator / (denominators[p.denominator] ?? 100));
}

const REDIRECT_CODES: readonly (301 | 302 | 303 | 307 | 308)[] = [301, 302, 303, 307, 308];

function redirectTarget(r: RedirectAction, where: Where, field: string): RouteTarget {
  const code = REDIRECT_CODES[r.responseCode];
  if (!code) throw new BadRequestError(`unknown redirect response_code ${r.responseCode}`, { ...where, field: `${field}.response_code` });
  const scheme = r.schemeRewriteSpecifier;
  const path = r.pathRewriteSpecifier;
  if (path?.$case === 'regexRewrite') throw new BadRequestError('regex_rewrite redirects are not supported', { ...where, field: `${field}.regex_rewrite` });
  return {
    kind: 'redirect',
    responseCode: code,
    scheme: scheme?.$case === 'httpsRedirect' ? (scheme.value ? 'https' : undefined) : scheme?.value,
    host: r.hostRedirect || undefined,
    port: r.portRedirect || undefined,
    path: path?.$case === 'pathRedirect' ? path.value : undefined,
    prefixRewrite: path?.$case === 'prefixRewrite' ? path.value : undefined,
    stripQuery: r.stripQuery,
  };
}

function clusterTarget(a: RouteAction, where: Where, field: string): RouteTarget {
  const spec = a.clusterSpecifier;
  let clusters: WeightedTarget[];
  let totalWeight: number;
  const none = { add: [], remove: [] };
  if (spec?.$case === 'cluster') {
    if (!spec.value) throw new BadRequestError('empty cluster name', { ...where, field: `${field}.cluster` });
    clusters = [{ cluster: spec.value, weight: 1, headers: none, responseHeaders: none }];
    totalWeight = 1;
  } else if (spec?.$case === 'weightedClusters') {
    const wf = `${field}.weighted_clusters.clusters`;
    clusters = spec.value.clusters.map((c, i) => ({
      cluster: c.name,
      weight: c.weight ?? 0,
      headers: mutation(c.requestHeadersToAdd, c.requestHeadersToRemove, where, `${wf}[${i}].request_headers_to_add`),
      responseHeaders: mutation(c.responseHeadersToAdd, c.responseHeadersToRemove, where, `${wf}[${i}].response_headers_to_add`),
    }));
    const sum = clusters.reduce((s, c) => s + c.weight, 0);
    totalWeight = spec.value.totalWeight ?? sum;
    if (clusters.length === 0 || sum !== totalWeight || sum === 0) {
      throw new BadRequestError(`weights sum to ${sum}, total_weight is ${totalWeight}`, { ...where, field: `${field}.weighted_clusters` });
    }
  } else {
    throw new BadRequestError(`unsupported cluster specifier ${spec?.$case ?? '(none)'}`, { ...where, field });
  }
  const host = a.hostRewriteSpecifier;
  if (host && host.$case !== 'hostRewriteLiteral') throw new BadRequestError(`unsupported ${host.$case}`, { ...where, field: `${field}.host_rewrite_specifier` });
  if (a.regexRewrite) throw new BadRequestError('regex_rewrite is not supported', { ...where, field: `${field}.regex_rewrite` });
  const retry = a.retryPolicy;
  return {
    kind: 'cluster',
    clusters,
    totalWeight,
    prefixRewrite: a.prefixRewrite || undefined,
    hostRewrite: host?.value || undefined,
    timeoutMs: durationToMs(a.timeout) ?? 15_000,
    retryPolicy: retry
      ? {
          retryOn: retry.retryOn,
          numRetries: retry.numRetries ?? 1,
          perTryTimeoutMs: durationToMs(retry.perTryTimeout),
          retriableStatusCodes: retry.retriableStatusCodes,
          avoidPreviousHosts: retry.retryHostPredicate.some((p) => p.name === 'envoy.retry_host_predicates.previous_hosts'),
          hostSelectionRetryMaxAttempts: Number(retry.hostSelectionRetryMaxAttempts || 1),
          backoffBaseMs: durationToMs(retry.retryBackOff?.baseInterval),
          backoffMaxMs: durationToMs(retry.retryBackOff?.maxInterval),
        }
      : undefined,
    maxGrpcTimeoutMs: durationToMs(a.maxGrpcTimeout),
    mirrors: a.requestMirrorPolicies.map((m, i) => {
      if (!m.cluster) throw new BadRequestError('mirror policy needs a cluster', { ...where, field: `${field}.request_mirror_policies[${i}].cluster` });
      return { cluster: m.cluster, fraction: fractionOf(m.runtimeFraction?.defaultValue) };
    }),
    cors: corsFromProto(a.cors, where, `${field}.cors`),
    hashPolicy: a.hashPolicy.map((h, i): HashPolicyConfig => {
      const p = h.policySpecifier;
      if (p?.$case === 'header') return { kind: 'header', headerName: p.value.headerName.toLowerCase(), terminal: h.terminal };
      if (p?.$case === 'cookie') return { kind: 'cookie', cookieName: p.value.name, ttlMs: durationToMs(p.value.ttl), terminal: h.terminal };
      if (p?.$case === 'connectionProperties') return { kind: 'sourceIp', terminal: h.terminal };
      if (p?.$case === 'queryParameter') return { kind: 'queryParameter', name: p.value.name, terminal: h.terminal };
      throw new BadRequestError('unsupported hash policy', { ...where, field: `${field}.hash_policy[${i}]` });
    }),
    upgrades: new Map(a.upgradeConfigs.map((u) => [u.upgradeType.toLowerCase(), u.enabled ?? true])),
  };
}

function packed(map: { [key: string]: { typeUrl: string; value: Buffer } }): ReadonlyMap<string, { typeUrl: string; value: Buffer }> {
  return new Map(Object.entries(map).map(([k, v]) => [k, { typeUrl: v.typeUrl, value: v.value }]));
}

function routeFromProto(r: Route, where: Where, field: string): RouteEntry {
  const m = r.match;
  const spec = m?.pathSpecifier;
  const caseSensitive = m?.caseSensitive ?? true;
  let path: RouteEntry['path'];
  if (spec?.$case === 'prefix' || spec?.$case === 'path') {
    path = { kind: spec.$case, value: caseSensitive ? spec.value : spec.value.toLowerCase() };
  } else if (spec?.$case === 'safeRegex') {
    path = { kind: 'regex', regex: compileRegex(spec.value.regex, caseSensitive ? '' : 'i', where, `${field}.match.safe_regex`) };
  } else {
    throw new BadRequestError(`unsupported path specifier ${spec?.$case ?? '(none)'}`, { ...where, field: `${field}.match` });
  }
  const action = r.action;
  let target: RouteTarget;
  if (action?.$case === 'route') target = clusterTarget(action.value, where, `${field}.route`);
  else if (action?.$case === 'redirect') target = redirectTarget(action.value, where, `${field}.redirect`);
  else if (action?.$case === 'directResponse') {
    const body = action.value.body?.specifier;
    target = { kind: 'direct', status: action.value.status, body: body?.$case === 'inlineString' ? body.value : body?.$case === 'inlineBytes' ? body.value.toString() : '' };
  } else throw new BadRequestError(`unsupported route action ${action?.$case ?? '(none)'}`, { ...where, field: `${field}.action` });
  return {
    name: r.name,
    path,
    caseSensitive,
    headers: (m?.headers ?? []).map((h, i) => headerMatch(h, where, `${field}.match.headers[${i}]`)),
    queryParameters: (m?.queryParameters ?? []).map((q, i) => {
      const s = q.queryParameterMatchSpecifier;
      if (s === undefined || s.$case === 'presentMatch') return { name: q.name };
      if (s.value.matchPattern?.$case === 'exact') return { name: q.name, exact: s.value.matchPattern.value };
      throw new BadRequestError('only exact/present query parameter matches are supported', { ...where, field: `${field}.match.query_parameters[${i}]` });
    }),
    target,
    requestHeaders: mutation(r.requestHeadersToAdd, r.requestHeadersToRemove, where, `${field}.request_headers_to_add`),
    responseHeaders: mutation(r.responseHeadersToAdd, r.responseHeadersToRemove, where, `${field}.response_headers_to_add`),
    perFilterConfig: packed(r.typedPerFilterConfig),
  };
}

function virtualHostFromProto(vh: VirtualHost, where: Where, field: string): VirtualHostConfig {
  if (vh.domains.length === 0) throw new BadRequestError('virtual host has no domains', { ...where, field: `${field}.domains` });
  return {
    name: vh.name,
    domains: vh.domains.map((d) => d.toLowerCase()),
    routes: vh.routes.map((r, i) => routeFromProto(r, where, `${field}.routes[${i}]`)),
    requestHeaders: mutation(vh.requestHeadersToAdd, vh.requestHeadersToRemove, where, `${field}.request_headers_to_add`),
    responseHeaders: mutation(vh.responseHeadersToAdd, vh.responseHeadersToRemove, where, `${field}.response_headers_to_add`),
    perFilterConfig: packed(vh.typedPerFilterConfig),
    cors: corsFromProto(vh.cors, where, `${field}.cors`),
  };
}

/** Converts and validates a RouteConfiguration; anything the router can't apply is a BadRequestError with a field path. */
export function routeConfigFromProto(r: RouteConfiguration): RouteConfig {
  const where = { source: `RouteConfiguration ${r.name || '(unnamed)'}` };
  const seen = new Set<string>();
  r.virtualHosts.forEach((vh, i) =>
    vh.domains.forEach((d) => {
      // Envoy rejects a domain that appears in two virtual hosts of one route config.
      if (seen.has(d.toLowerCase())) throw new BadRequestError(`duplicate domain ${d}`, { ...where, field: `virtual_hosts[${i}].domains` });
      seen.add(d.toLowerCase());
    }),
  );
  return {
    name: r.name,
    virtualHosts: r.virtualHosts.map((vh, i) => virtualHostFromProto(vh, where, `virtual_hosts[${i}]`)),
    requestHeaders: mutation(r.requestHeadersToAdd, r.requestHeadersToRemove, where, 'request_headers_to_add'),
    responseHeaders: mutation(r.responseHeadersToAdd, r.responseHeadersToRemove, where, 'response_headers_to_add'),
    validateClusters: r.validateClusters ?? false,
  };
}
