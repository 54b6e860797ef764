import type { HeaderMatcher, Route, RouteAction, RouteMatch, RetryPolicy } from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import type { HTTPMatchRequest, HTTPRoute, HTTPRouteDestination, StringMatch } from '@tsmesh/contracts/istio/networking/v1alpha3/virtual_service';
import { outboundClusterName } from '../../push-context';
import { resolveShortName } from '../../scope/hosts';
import { corsPolicy } from './cors';
import { faultConfig } from './fault';
import { headerMutations, mergeMutations, type HeaderMutations } from './header-operations';
import { RouteProblem } from './route-problem';

export { RouteProblem } from './route-problem';

export interface RouteContext {
  /** Namespace of the VirtualService: short destination hosts resolve there. */
  readonly namespace: string;
  /** The port the route config serves (the destination port when a VS names none). */
  readonly port: number;
  readonly proxyLabels: Readonly<Record<string, string>>;
  /** `mesh` for sidecars, else the gateway names (`ns/name`) of a router proxy. */
  readonly gateways: readonly string[];
  readonly vsGateways: readonly string[];
  /** The DestinationRule consistent-hash policy of a destination host (none when absent). */
  readonly hashPolicyFor?: (hostname: string) => RouteAction['hashPolicy'];
}

/** Istio 1.2's default retry policy, applied when a route sets no `retries`. */
export function defaultRetryPolicy(): RetryPolicy {
  return {
    retryOn: 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes',
    numRetries: 2,
    retriableStatusCodes: [503],
    retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }],
    hostSelectionRetryMaxAttempts: '5',
    retryOptionsPredicates: [],
    retriableHeaders: [],
    retriableRequestHeaders: [],
  } as RetryPolicy;
}

/**
 * Istio 1.2's retry translation: no `retries` block → the default policy; `attempts: 0` → no
 * retries at all; otherwise the default with attempts, perTryTimeout and retryOn, where numeric
 * retryOn items become retriable status codes (and turn on `retriable-status-codes`).
 */
export function retryPolicyOf(retries: HTTPRoute['retries']): RetryPolicy | undefined {
  if (!retries) return defaultRetryPolicy();
  if (retries.attempts === 0) return undefined;
  const policy: RetryPolicy = { ...defaultRetryPolicy(), numRetries: retries.attempts };
  if (retries.perTryTimeout) policy.perTryTimeout = seconds(retries.perTryTimeout);
  if (retries.retryOn) {
    const items = retries.retryOn.split(',').map((i) => i.trim()).filter((i) => i !== '');
    const codes = items.filter((i) => /^\d+$/.test(i)).map(Number);
    const conditions = items.filter((i) => !/^\d+$/.test(i));
    if (codes.length > 0 && !conditions.includes('retriable-status-codes')) conditions.push('retriable-status-codes');
    policy.retryOn = conditions.join(',');
    policy.retriableStatusCodes = codes;
  }
  return policy;
}

function stringMatcher(name: string, m: StringMatch | undefined): HeaderMatcher | undefined {
  const t = m?.matchType;
  if (!t) return undefined;
  const base = { name, invertMatch: false, treatMissingHeaderAsEmpty: false };
  if (t.$case === 'exact') return { ...base, headerMatchSpecifier: { $case: 'exactMatch', value: t.value } } as HeaderMatcher;
  if (t.$case === 'prefix') return { ...base, headerMatchSpecifier: { $case: 'prefixMatch', value: t.value } } as HeaderMatcher;
  checkRegex(t.value);
  return { ...base, headerMatchSpecifier: { $case: 'safeRegexMatch', value: { regex: t.value } } } as HeaderMatcher;
}

function checkRegex(re: string): void {
  try {
    new RegExp(re);
  } catch {
    throw new RouteProblem(`invalid regex "${re}"`);
  }
}

/** One Envoy RouteMatch per Istio match (undefined when sourceLabels/gateways/port exclude it). */
export function translateMatch(m: HTTPMatchRequest | undefined, ctx: RouteContext): RouteMatch | undefined {
  if (m) {
    if (Object.entries(m.sourceLabels).some(([k, v]) => ctx.proxyLabels[k] !== v)) return undefined;
    if (m.port && m.port !== ctx.port) return undefined;
    if (m.gateways.length > 0 && !m.gateways.some((g) => ctx.gateways.includes(gatewayName(g, ctx.namespace)))) return undefined;
  }
  const uri = m?.uri?.matchType;
  let pathSpecifier: RouteMatch['pathSpecifier'] = { $case: 'prefix', value: '/' };
  if (uri?.$case === 'exact') pathSpecifier = { $case: 'path', value: uri.value };
  else if (uri?.$case === 'prefix') pathSpecifier = { $case: 'prefix', value: uri.value };
  else if (uri?.$case === 'regex') {
    checkRegex(uri.value);
    pathSpecifier = { $case: 'safeRegex', value: { regex: uri.value } } as RouteMatch['pathSpecifier'];
  }
  const headers: HeaderMatcher[] = [];
  for (const [name, sm] of Object.entries(m?.headers ?? {})) {
    const h = stringMatcher(name.toLowerCase(), sm);
    if (h) headers.push(h);
  }
  for (const [pseudo, sm] of [[':method', m?.method], [':authority', m?.authority], [':scheme', m?.scheme]] as const) {
    const h = stringMatcher(pseudo, sm);
    if (h) headers.push(h);
  }
  return { pathSpecifier, headers, queryParameters: [], dynamicMetadata: [], filterState: [], caseSensitive: m?.ignoreUriCase ? false : undefined } as RouteMatch;
}

/** `gw` or `ns/gw` → `ns/gw`; `mesh` stays. */
export function gatewayName(g: string, namespace: string): string {
  if (g === 'mesh' || g.includes('/')) return g;
  return `${namespace}/${g.split('.')[0] ?? g}`;
}

function clusterOf(d: HTTPRouteDestination, ctx: RouteContext): string {
  const dest = d.destination;
  if (!dest?.host) throw new RouteProblem('route destination has no host');
  const port = dest.port?.port?.$case === 'number' ? dest.port.port.value : ctx.port;
  return outboundClusterName(port, dest.subset, resolveShortName(dest.host, ctx.namespace));
}

function seconds(d: { seconds: string; nanos: number } | undefined): { seconds: string; nanos: number } {
  return d ? { seconds: String(d.seconds), nanos: d.nanos } : { seconds: '0', nanos: 0 };
}

/**
 * Istio 1.2's cluster choice: a weighted cluster per destination (zero weights dropped unless
 * alone), each carrying its own header operations; a single survivor becomes a plain `cluster`
 * whose header operations move up onto the route.
 */
function clusterSpecifierOf(r: HTTPRoute, ctx: RouteContext, mutations: HeaderMutations): RouteAction['clusterSpecifier'] {
  const kept = r.route.length === 1 ? r.route : r.route.filter((d) => d.weight !== 0);
  const weighted = kept.map((d) => ({ name: clusterOf(d, ctx), weight: r.route.length === 1 ? 100 : d.weight, ...headerMutations(d) }));
  const [single] = weighted;
  if (weighted.length === 1 && single) {
    mergeMutations(mutations, single);
    return { $case: 'cluster', value: single.name };
  }
  const total = weighted.reduce((n, d) => n + d.weight, 0);
  if (total !== 100) throw new RouteProblem(`route weights sum to ${total}, not 100`);
  return { $case: 'weightedClusters', value: { clusters: weighted } } as RouteAction['clusterSpecifier'];
}

function routeAction(r: HTTPRoute, ctx: RouteContext, mutations: HeaderMutations): RouteAction {
  const clusterSpecifier = clusterSpecifierOf(r, ctx, mutations);
  // Istio 1.2 sets max_grpc_timeout to the route timeout: a gRPC caller's grpc-timeout is honoured (0 = uncapped).
  const action = { clusterSpecifier, timeout: seconds(r.timeout), maxGrpcTimeout: seconds(r.timeout), hashPolicy: [], upgradeConfigs: [], requestMirrorPolicies: [] } as unknown as RouteAction;
  action.retryPolicy = retryPolicyOf(r.retries);
  const firstHost = r.route[0]?.destination?.host;
  if (firstHost && ctx.hashPolicyFor) action.hashPolicy = ctx.hashPolicyFor(resolveShortName(firstHost, ctx.namespace));
  if (r.rewrite?.uri) action.prefixRewrite = r.rewrite.uri;
  if (r.rewrite?.authority) action.hostRewriteSpecifier = { $case: 'hostRewriteLiteral', value: r.rewrite.authority };
  if (r.mirror?.host) action.requestMirrorPolicies = [{ cluster: clusterOf({ destination: r.mirror } as HTTPRouteDestination, ctx) } as RouteAction['requestMirrorPolicies'][number]];
  const cors = corsPolicy(r.corsPolicy);
  if (cors) action.cors = cors;
  if (r.websocketUpgrade) action.upgradeConfigs = [{ upgradeType: 'websocket' } as RouteAction['upgradeConfigs'][number]];
  return action;
}

/** Translates one Istio HTTPRoute: one Envoy route per match (or one catch-all). Throws RouteProblem. */
export function translateHttpRoute(r: HTTPRoute, ctx: RouteContext, name: string): Route[] {
  const matches = r.match.length === 0 ? [translateMatch(undefined, ctx)] : r.match.map((m) => translateMatch(m, ctx));
  const out: Route[] = [];
  for (const match of matches) {
    if (!match) continue;
    const route = { name, match, requestHeadersToAdd: [], requestHeadersToRemove: [], responseHeadersToAdd: [], responseHeadersToRemove: [], typedPerFilterConfig: {} } as unknown as Route;
    if (r.redirect) route.action = { $case: 'redirect', value: { ...(r.redirect.uri ? { pathRewriteSpecifier: { $case: 'pathRedirect', value: r.redirect.uri } } : {}), hostRedirect: r.redirect.authority } as never };
    else {
      // 1.2 applies header operations only to forwarded requests, never to redirects.
      const mutations = headerMutations(r);
      route.action = { $case: 'route', value: routeAction(r, ctx, mutations) };
      Object.assign(route, mutations);
    }
    const fault = faultConfig(r.fault);
    if (fault) route.typedPerFilterConfig = { 'envoy.filters.http.fault': fault };
    out.push(route);
  }
  return out;
}

/** Istio's route for a service no VirtualService covers. */
export function defaultRoute(cluster: string, hashPolicy: RouteAction['hashPolicy'] = []): Route {
  return {
    name: 'default',
    match: { pathSpecifier: { $case: 'prefix', value: '/' }, headers: [], queryParameters: [], dynamicMetadata: [], filterState: [] },
    action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: cluster }, timeout: { seconds: '0', nanos: 0 }, maxGrpcTimeout: { seconds: '0', nanos: 0 }, retryPolicy: defaultRetryPolicy(), hashPolicy, upgradeConfigs: [], requestMirrorPolicies: [] } as unknown as RouteAction },
  } as unknown as Route;
}
