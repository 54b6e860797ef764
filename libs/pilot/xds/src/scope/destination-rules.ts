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
  // Answered once per push and (namespace, host): CDS, EDS, LDS and RDS of every proxy ask it for every service.
  const answers = memoized(push, `dr-answers|${domainSuffix}|${proxyNamespace}`, () => new Map<string, ConfigEntry<DestinationRule> | undefined>());
  if (answers.has(hostname)) return answers.get(hostname);
  const { local, exported } = memoized(push, `dr-pools|${domainSuffix}|${proxyNamespace}`, () => {
    const candidates = memoized(push, `dr-candidates|${domainSuffix}`, () =>
      push.config.destinationRules().map((entry) => ({ entry, host: resolveShortName(entry.spec.host, entry.namespace, domainSuffix) })));
    return {
      local: candidates.filter((c) => c.entry.namespace === proxyNamespace),
      exported: candidates.filter((c) => c.entry.namespace !== proxyNamespace && isPublic(c.entry.spec.exportTo)),
    };
  });
  const pick = (pool: typeof local) => {
    const best = mostSpecificMatch(pool.map((c) => c.host), hostname);
    return best === undefined ? undefined : pool.find((c) => c.host === best)?.entry;
  };
  const rule = pick(local) ?? pick(exported);
  answers.set(hostname, rule);
  return rule;
}

/** Istio 1.2 `exportTo`: empty or `*` is every namespace, `.` is the rule's own namespace only. */
export function isPublic(exportTo: readonly string[] | undefined): boolean {
  return !exportTo || exportTo.length === 0 || exportTo.includes('*');
}
