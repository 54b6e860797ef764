import { memoized, type PushContext } from '../push-context';
import { digestOf } from './content-digest';
import type { CheckedOutput } from './generation-cache';

// Per output, its resources' fingerprints by name, built once however many proxies hold it.
const byName = new WeakMap<CheckedOutput, ReadonlyMap<string, string>>();

function digestsByName(output: CheckedOutput): ReadonlyMap<string, string> {
  let map = byName.get(output);
  if (!map) {
    map = new Map(output.valid.map((g) => [g.name, digestOf(g.resource)]));
    byName.set(output, map);
  }
  return map;
}

/**
 * The resources of `next` that are new or differ from `held` (what the proxy was last sent and
 * did not reject), for EDS and RDS, whose state-of-the-world responses may carry only some of the
 * subscribed resources: the proxy keeps those a response leaves out, and drops the ones it no
 * longer subscribes to by itself. So a push, or a change of names (a new cluster's assignment),
 * carries only what is new to the proxy. Undefined when no resource is: the caller then sends
 * the whole output, as before (a whole response could not remove anything either).
 *
 * Proxies that hold the same content and move to the same content share one partial output
 * per push, so its response is encoded once (encoded-response.ts) like a whole one.
 */
export function changedResources(push: PushContext, typeUrl: string, held: CheckedOutput, next: CheckedOutput): CheckedOutput | undefined {
  return memoized(push, `partial|${typeUrl}|${held.digest}|${next.digest}`, () => {
    const before = digestsByName(held);
    const valid = next.valid.filter((g) => before.get(g.name) !== digestOf(g.resource));
    if (valid.length === 0) return undefined;
    return { valid, problems: [], digest: `${held.digest}>${next.digest}` };
  });
}
