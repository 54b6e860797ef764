import { proxyConfigKey } from '../ads/generation-cache';
import type { AdsConnection } from '../ads/connection';
import { clusterProblems } from '../generators/cds';
import { listenerProblems } from '../generators/lds';
import { routeProblems } from '../generators/rds';
import type { PushContext } from '../push-context';
import { XdsTypeUrl } from '@tsmesh/contracts';

export interface ConfigProblem {
  readonly source: string;
  readonly message: string;
}

/**
 * The parts of Istio config the generators had to leave out for the connected proxies (a bad
 * route, an invalid TLS setting, ...), each once, named by the resource it came from. Proxies
 * with the same config key are looked at once.
 */
export function collectConfigProblems(push: PushContext, connections: readonly AdsConnection[]): ConfigProblem[] {
  const seenKeys = new Set<string>();
  const problems = new Map<string, ConfigProblem>();
  const add = (source: string, message: string) => problems.set(`${source}\n${message}`, { source, message });
  for (const conn of connections) {
    const proxy = conn.proxy;
    if (!proxy) continue;
    const routeNames = conn.watches.get(XdsTypeUrl.RouteConfiguration)?.names ?? [];
    const key = `${proxyConfigKey(proxy, push)}|${[...routeNames].sort().join(',')}`;
    if (seenKeys.has(key)) continue;
    seenKeys.add(key);
    for (const p of clusterProblems(proxy, push)) add(p.source, p.message);
    for (const p of listenerProblems(proxy, push)) add(p.source, p.message);
    for (const p of routeProblems(proxy, push, routeNames)) add(p.source, p.message);
  }
  return [...problems.values()];
}
