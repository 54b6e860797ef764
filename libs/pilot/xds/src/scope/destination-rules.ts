import type { DestinationRule } from '@tsmesh/contracts/istio/networking/v1alpha3/destination_rule';
import type { ConfigEntry } from '@tsmesh/pilot-registry';
import { memoized, type PushContext } from '../push-context';
import { mostSpecificMatch, resolveShortName } from './hosts';

/**
 * The DestinationRule that applies to `hostname` for a proxy in `proxyNamespace`, as Istio 1.2
 * picks it: a rule in the proxy's own namespace first, then one exported from elsewhere
 * (exportTo empty or `*`); within each, the most specific host wins, then the oldest rule.
 */
export function destinationRuleFor(push: PushContext, proxyNamespace: string, hostname: string, domainSuffix = 'cluster.local'): ConfigEntry<DestinationRule> | undefined {
  // Resolved once per push: CDS, EDS, LDS and RDS ask for every service of every proxy.
  const candidates = memoized(push, `dr-candidates|${domainSuffix}`, () =>
    push.config.destinationRules().map((entry) => ({ entry, host: resolveShortName(entry.spec.host, entry.namespace, domainSuffix) })));
  const pick = (pool: typeof candidates) => {
    const best = mostSpecificMatch(pool.map((c) => c.host), hostname);
    return best === undefined ? undefined : pool.find((c) => c.host === best)?.entry;
  };
  const local = candidates.filter((c) => c.entry.namespace === proxyNamespace);
  const exported = candidates.filter((c) => c.entry.namespace !== proxyNamespace && isPublic(c.entry.spec.exportTo));
  return pick(local) ?? pick(exported);
}

/** Istio 1.2 `exportTo`: empty or `*` is every namespace, `.` is the rule's own namespace only. */
export function isPublic(exportTo: readonly string[] | undefined): boolean {
  return !exportTo || exportTo.length === 0 || exportTo.includes('*');
}
