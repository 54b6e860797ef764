/**
 * Istio 1.2 host names in config: a FQDN, a short name resolved in the rule's namespace, or a
 * wildcard (`*.example.com`, `*`). These helpers are the one place that resolves and matches them.
 */

/** `reviews` in namespace `default` → `reviews.default.svc.cluster.local`; names with a dot, and wildcards, stay. */
export function resolveShortName(host: string, namespace: string, domainSuffix = 'cluster.local'): string {
  if (host === '*' || host.startsWith('*.') || host.includes('.')) return host;
  return `${host}.${namespace}.svc.${domainSuffix}`;
}

/** True when `pattern` (possibly a wildcard) covers the concrete or wildcard `host`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  return host.endsWith(suffix) && (!host.startsWith('*.') || host.length >= pattern.length);
}

/** Of several patterns matching `host`, the most specific: exact first, then the longest wildcard. */
export function mostSpecificMatch(patterns: readonly string[], host: string): string | undefined {
  let best: string | undefined;
  for (const p of patterns) {
    if (!hostMatches(p, host)) continue;
    if (p === host) return p;
    if (best === undefined || p.length > best.length) best = p;
  }
  return best;
}
