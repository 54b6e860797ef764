import { memoized, type PushContext } from '../push-context';

type Selector = Readonly<Record<string, string>>;

/**
 * Every label selector in the config that generators match against a proxy's labels: Gateway
 * `selector`, Sidecar `workloadSelector`, VirtualService HTTP match `sourceLabels`. A generator
 * that starts reading proxy labels elsewhere must add that selector here, or proxies that differ
 * only there would share one generated config.
 */
function labelSelectors(push: PushContext): Selector[] {
  return memoized(push, 'label-selectors', () => {
    const all: Selector[] = [
      ...push.config.gateways().map((g) => g.spec.selector),
      ...push.config.sidecars().map((s) => s.spec.workloadSelector?.labels ?? {}),
      ...push.config.virtualServices().flatMap((vs) => vs.spec.http.flatMap((h) => h.match.map((m) => m.sourceLabels))),
    ];
    const unique = new Map(all.filter((s) => Object.keys(s).length > 0).map((s) => [JSON.stringify(Object.entries(s).sort()), s]));
    return [...unique.values()];
  });
}

/**
 * Which of the config's label selectors a proxy's labels satisfy, as a bit string: proxies with
 * equal signatures get the same config from labels, whatever else their labels say.
 */
export function labelSignature(labels: Readonly<Record<string, string>>, push: PushContext): string {
  return labelSelectors(push).map((sel) => (Object.entries(sel).every(([k, v]) => labels[k] === v) ? '1' : '0')).join('');
}
