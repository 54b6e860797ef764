import type { Proxy } from '../proxy';
import type { PushContext } from '../push-context';
import { labelSignature } from './label-selectors';

/**
 * What a proxy's generated config can depend on. Generators may read only these proxy
 * properties (type, namespace, proxyless, locality, domain, and labels only through the config's
 * label selectors, see labelSignature) plus its IPs when service instances live there (inbound
 * listeners and clusters). Proxies with equal keys share one generation per push: a thousand
 * sidecars of one namespace cost one CDS build, not a thousand.
 */
export function proxyConfigKey(proxy: Proxy, push: PushContext): string {
  const labels = labelSignature(proxy.labels, push);
  const ipPart = proxy.ipAddresses.some((ip) => push.registry.instancesAt(ip).length > 0) ? proxy.ipAddresses.join(',') : '';
  return [proxy.type, proxy.namespace, labels, proxy.proxyless, proxyLocalityKey(proxy), proxy.dnsDomain, ipPart].join('|');
}

/** The proxy's locality as a key part: locality-aware load balancing orders endpoints by it. */
export function proxyLocalityKey(proxy: Proxy): string {
  return JSON.stringify(proxy.locality ?? proxy.metadata['LOCALITY'] ?? proxy.metadata['locality'] ?? '');
}
