import type { Any } from '@tsmesh/contracts/google/protobuf/any';
import { createHash } from 'node:crypto';

// Resources generated once per push and shared by many proxies are hashed once.
const digests = new WeakMap<Any, string>();

/** One resource's fingerprint (its type URL and bytes), computed once per resource object. */
export function digestOf(resource: Any): string {
  let digest = digests.get(resource);
  if (digest === undefined) {
    digest = createHash('sha1').update(resource.typeUrl).update(resource.value).digest('base64');
    digests.set(resource, digest);
  }
  return digest;
}

/**
 * A fingerprint of one response's content. Equal fingerprints mean the proxy already has (or
 * has already rejected) exactly this config, so it is not sent again.
 */
export function contentDigest(resources: readonly { name: string; resource: Any }[]): string {
  const hash = createHash('sha1');
  for (const r of resources) hash.update(r.name).update('\0').update(digestOf(r.resource)).update('\n');
  return hash.digest('base64');
}
