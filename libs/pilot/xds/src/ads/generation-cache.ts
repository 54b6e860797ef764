import { createHash } from 'node:crypto';
import type { GeneratedResource, XdsGenerator } from '../generators/generator';
import type { Proxy } from '../proxy';
import { memoized, type PushContext } from '../push-context';
import { contentDigest } from './content-digest';
import { checkResources, type ResourceProblem } from './resource-checks';

export interface CheckedOutput {
  readonly valid: GeneratedResource[];
  readonly problems: ResourceProblem[];
  readonly digest: string;
}

/**
 * What a proxy's generated config can depend on. Generators may read only these proxy
 * properties (type, namespace, labels, proxyless, locality, domain) plus its IPs when service
 * instances live there (inbound listeners and clusters). Proxies with equal keys share one
 * generation per push: a thousand sidecars of one namespace cost one CDS build, not a thousand.
 */
export function proxyConfigKey(proxy: Proxy, push: PushContext): string {
  const labels = Object.keys(proxy.labels).sort().map((k) => `${k}=${proxy.labels[k]}`).join(',');
  const ipPart = proxy.ipAddresses.some((ip) => push.registry.instancesAt(ip).length > 0) ? proxy.ipAddresses.join(',') : '';
  const locality = JSON.stringify(proxy.metadata['LOCALITY'] ?? proxy.metadata['locality'] ?? '');
  return [proxy.type, proxy.namespace, labels, proxy.proxyless, locality, proxy.dnsDomain, ipPart].join('|');
}

function namesKey(names: readonly string[]): string {
  if (names.length === 0) return '*';
  return createHash('sha1').update([...names].sort().join('\n')).digest('base64');
}

/** Generates (or reuses, within one push) a type's resources for a proxy, checked and fingerprinted. */
export function generateChecked(generator: XdsGenerator, proxy: Proxy, push: PushContext, names: readonly string[]): CheckedOutput {
  const key = `gen|${generator.typeUrl}|${proxyConfigKey(proxy, push)}|${namesKey(names)}`;
  return memoized(push, key, () => {
    const generated = generator.generate(proxy, push, names);
    const { valid, problems } = checkResources(generator.typeUrl, generated);
    return { valid, problems, digest: contentDigest(valid) };
  });
}
