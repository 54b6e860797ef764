import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type { Route, VirtualHost } from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import type { GeneratedResource } from '../generators/generator';

/** Why one generated resource would be rejected by Envoy, with the config it came from. */
export interface ResourceProblem {
  readonly typeUrl: string;
  readonly name: string;
  readonly reason: string;
  readonly source?: string;
}

type Check = (bytes: Uint8Array) => string[];

// The constraints Envoy enforces (its proto validation rules and config checks) that pilot's
// own output could break: caught here so the resource is never pushed.
const CHECKS: Readonly<Record<string, Check>> = {
  [XdsTypeUrl.Cluster]: (bytes) => {
    const c = Cluster.decode(bytes);
    const out: string[] = [];
    if (!c.name) out.push('cluster name is empty');
    const timeoutMs = c.connectTimeout ? Number(c.connectTimeout.seconds) * 1000 + c.connectTimeout.nanos / 1e6 : 5000;
    if (timeoutMs <= 0) out.push('connect_timeout must be greater than 0');
    if (c.lbPolicy === Cluster_LbPolicy.UNRECOGNIZED) out.push('unknown lb_policy');
    const thresholds = c.circuitBreakers?.thresholds ?? [];
    if (thresholds.some((t) => [t.maxConnections, t.maxPendingRequests, t.maxRequests, t.maxRetries].some((v) => v !== undefined && v < 0))) out.push('negative circuit breaker threshold');
    return out;
  },
  [XdsTypeUrl.ClusterLoadAssignment]: (bytes) => {
    const cla = ClusterLoadAssignment.decode(bytes);
    const out: string[] = [];
    if (!cla.clusterName) out.push('cluster_name is empty');
    for (const loc of cla.endpoints) {
      if (loc.loadBalancingWeight !== undefined && loc.loadBalancingWeight < 1) out.push('locality load_balancing_weight must be at least 1');
      for (const ep of loc.lbEndpoints) if (ep.loadBalancingWeight !== undefined && ep.loadBalancingWeight < 1) out.push('endpoint load_balancing_weight must be at least 1');
    }
    return out;
  },
  [XdsTypeUrl.Listener]: (bytes) => {
    const l = Listener.decode(bytes);
    const out: string[] = [];
    if (!l.name) out.push('listener name is empty');
    if (!l.apiListener && !l.address) out.push('listener has no address');
    if (!l.apiListener && l.filterChains.length === 0 && !l.defaultFilterChain) out.push('listener has no filter chains');
    return out;
  },
  [XdsTypeUrl.RouteConfiguration]: (bytes) => checkRouteConfiguration(RouteConfiguration.decode(bytes)),
};

function checkRouteConfiguration(rc: RouteConfiguration): string[] {
  const out: string[] = [];
  const domains = new Map<string, string>();
  for (const vh of rc.virtualHosts) {
    for (const d of vh.domains) {
      const owner = domains.get(d.toLowerCase());
      if (owner !== undefined) out.push(`domain "${d}" is in virtual hosts ${owner} and ${vh.name}`);
      else domains.set(d.toLowerCase(), vh.name);
      if (d.includes('*') && d !== '*' && !d.startsWith('*') && !d.endsWith('*')) out.push(`virtual host ${vh.name}: wildcard in the middle of domain "${d}"`);
    }
    for (const route of vh.routes) out.push(...checkRoute(vh, route));
  }
  return out;
}

function checkRoute(vh: VirtualHost, route: Route): string[] {
  const out: string[] = [];
  const where = `virtual host ${vh.name} route ${route.name || '(unnamed)'}`;
  const path = route.match?.pathSpecifier;
  if (path?.$case === 'safeRegex' && !compiles(path.value.regex)) out.push(`${where}: regex ${JSON.stringify(path.value.regex)} does not compile`);
  for (const h of route.match?.headers ?? []) {
    const spec = h.headerMatchSpecifier;
    if (spec?.$case === 'safeRegexMatch' && !compiles(spec.value.regex)) out.push(`${where}: header ${h.name} regex ${JSON.stringify(spec.value.regex)} does not compile`);
  }
  if (!route.action) out.push(`${where}: no action`);
  if (route.action?.$case === 'route') {
    const spec = route.action.value.clusterSpecifier;
    if (!spec) out.push(`${where}: no cluster`);
    if (spec?.$case === 'cluster' && !spec.value) out.push(`${where}: empty cluster name`);
    if (spec?.$case === 'weightedClusters') {
      const clusters = spec.value.clusters;
      const sum = clusters.reduce((s, c) => s + (c.weight ?? 0), 0);
      if (clusters.length === 0) out.push(`${where}: weighted_clusters is empty`);
      else if (sum === 0) out.push(`${where}: weighted cluster weights sum to 0`);
      else if (spec.value.totalWeight !== undefined && sum !== spec.value.totalWeight) out.push(`${where}: weighted cluster weights sum to ${sum}, not total_weight ${spec.value.totalWeight}`);
    }
  }
  return out;
}

// JavaScript's engine stands in for RE2 here: a pattern it cannot compile, RE2 rejects too.
function compiles(regex: string): boolean {
  try {
    new RegExp(regex);
    return true;
  } catch {
    return false;
  }
}

const verdicts = new WeakMap<object, string[]>();

/**
 * Splits a generator's output into what may be pushed and what Envoy would reject. A resource
 * shared by many proxies is checked once.
 */
export function checkResources(typeUrl: string, generated: readonly GeneratedResource[]): { valid: GeneratedResource[]; problems: ResourceProblem[] } {
  const check = CHECKS[typeUrl];
  if (!check) return { valid: [...generated], problems: [] };
  const valid: GeneratedResource[] = [];
  const problems: ResourceProblem[] = [];
  const names = new Set<string>();
  for (const g of generated) {
    let reasons = verdicts.get(g.resource);
    if (!reasons) {
      try {
        reasons = check(g.resource.value);
      } catch (err) {
        reasons = [`cannot decode: ${(err as Error).message}`];
      }
      verdicts.set(g.resource, reasons);
    }
    if (names.has(g.name)) reasons = [...reasons, `duplicate resource name "${g.name}"`];
    names.add(g.name);
    if (reasons.length === 0) valid.push(g);
    else problems.push(...reasons.map((reason) => ({ typeUrl, name: g.name, reason, source: g.source })));
  }
  return { valid, problems };
}
