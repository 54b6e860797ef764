import type { Service } from '@tsmesh/pilot-registry';

/**
 * Every domain Istio 1.2 puts on a service's virtual host: the FQDN, and for a proxy in the
 * service's namespace the short name; every shortened form `name.ns`, `name.ns.svc`, …; the VIP;
 * each with and without `:<port>`.
 */
export function serviceDomains(svc: Service, port: number, proxyNamespace: string): string[] {
  const names = [svc.hostname];
  const parts = svc.hostname.split('.');
  if (svc.source === 'kubernetes' && parts.length > 2) {
    // reviews.default.svc.cluster.local → reviews.default.svc.cluster, reviews.default.svc, reviews.default
    for (let i = parts.length - 1; i >= 2; i--) names.push(parts.slice(0, i).join('.'));
    if (svc.namespace === proxyNamespace && parts[0]) names.push(parts[0]);
  }
  if (svc.address && svc.address !== '0.0.0.0') names.push(svc.address);
  return names.flatMap((n) => [n, `${n}:${port}`]);
}
