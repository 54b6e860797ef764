import { XdsTypeUrl } from '@tsmesh/contracts';
import type { DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { BadRequestError } from '@tsmesh/shared-errors';
import type { Decoded } from './resource-types';
import type { ResourceMeta, TypeSet } from './xds-state';

type Item = { value: unknown; meta: ResourceMeta };

/**
 * Types whose state-of-the-world responses may carry only some of the subscribed resources
 * (Envoy's non-wildcard types, see the xDS protocol's "Resource updates"): a resource a response
 * leaves out stays as it was, and goes away only when it is no longer subscribed. A CDS or LDS
 * response is always its type's complete set.
 */
export const MERGED_TYPES: ReadonlySet<string> = new Set([XdsTypeUrl.ClusterLoadAssignment, XdsTypeUrl.RouteConfiguration]);

/**
 * The set a response leads to. `subscribed` (for merged types) keeps those of `old`'s resources
 * the response does not mention; without it the response is the whole set. Throws
 * BadRequestError (the response is NACKed whole) if any resource cannot be decoded.
 * A resource whose JSON did not change keeps its version and last_updated.
 */
export function setFromResponse(res: DiscoveryResponse, decode: (any: DiscoveryResponse['resources'][number]) => Decoded<unknown>, old: TypeSet<unknown> | undefined, subscribed: readonly string[] | undefined): TypeSet<unknown> {
  const now = new Date();
  const items = new Map<string, Item>();
  if (subscribed && old) {
    const keep = new Set(subscribed);
    for (const [name, item] of old.items) if (keep.has(name)) items.set(name, item);
  }
  const seen = new Set<string>();
  for (const any of res.resources) {
    const { name, value, json } = decode(any);
    if (seen.has(name)) throw new BadRequestError(`${name}: duplicate resource name in one response`, { field: 'resources[].name' });
    seen.add(name);
    const before = old?.items.get(name);
    const same = before && JSON.stringify(before.meta.json) === JSON.stringify(json);
    items.set(name, { value, meta: same ? before.meta : { version: res.versionInfo, lastUpdated: now, json } });
  }
  return { version: res.versionInfo, items };
}

/** `set` without the resources no longer subscribed; the same object when nothing goes. */
export function restrictTo<T>(set: TypeSet<T> | undefined, names: readonly string[]): TypeSet<T> | undefined {
  if (!set) return set;
  const keep = new Set(names);
  if ([...set.items.keys()].every((n) => keep.has(n))) return set;
  return { version: set.version, items: new Map([...set.items].filter(([n]) => keep.has(n))) };
}
