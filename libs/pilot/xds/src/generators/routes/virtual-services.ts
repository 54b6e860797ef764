import type { Route } from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import type { VirtualService } from '@tsmesh/contracts/istio/networking/v1alpha3/virtual_service';
import type { ConfigEntry } from '@tsmesh/pilot-registry';
import { memoized, type PushContext } from '../../push-context';
import { hostMatches, resolveShortName } from '../../scope/hosts';
import { RouteProblem, translateHttpRoute, type RouteContext } from './http-route';

/** Config left out of a push, named by its source (`VirtualService default/reviews: …`). */
export interface GenerationProblem {
  readonly source: string;
  readonly message: string;
}

export function sourceOf(vs: ConfigEntry<VirtualService>): string {
  return `VirtualService ${vs.namespace}/${vs.name}`;
}

/** VirtualServices bound to `gateway` (`mesh` or `ns/name`), in precedence order. */
export function virtualServicesFor(push: PushContext, gateway: string): ConfigEntry<VirtualService>[] {
  // Memoized so that the host index virtualServiceFor builds on the list is built once per push.
  return memoized(push, `vs-for|${gateway}`, () => push.config.virtualServices().filter((vs) => {
    const gws = vs.spec.gateways.length === 0 ? ['mesh'] : vs.spec.gateways;
    return gws.some((g) => (g === 'mesh' ? 'mesh' : g.includes('/') ? g : `${vs.namespace}/${g.split('.')[0] ?? g}`) === gateway);
  }));
}

/**
 * The first VirtualService (Istio 1.2 precedence: oldest first) whose hosts cover `hostname`;
 * 1.2 does not merge several VirtualServices for one host, the later ones are ignored.
 */
export function virtualServiceFor(vss: readonly ConfigEntry<VirtualService>[], hostname: string): ConfigEntry<VirtualService> | undefined {
  const index = indexOf(vss);
  // The oldest VS naming the host exactly or by a wildcard: the lower precedence position wins.
  const exact = index.exact.get(hostname);
  const wildcard = index.wildcard.find((w) => (exact === undefined || w.position < exact.position) && hostMatches(w.host, hostname));
  return (wildcard ?? exact)?.vs;
}

interface HostIndex {
  readonly exact: Map<string, { position: number; vs: ConfigEntry<VirtualService> }>;
  /** Wildcard hosts in precedence order. */
  readonly wildcard: Array<{ host: string; position: number; vs: ConfigEntry<VirtualService> }>;
}

// One index per list: virtualServicesFor hands every proxy of a push the same (memoized) list.
const indexes = new WeakMap<readonly ConfigEntry<VirtualService>[], HostIndex>();

function indexOf(vss: readonly ConfigEntry<VirtualService>[]): HostIndex {
  let index = indexes.get(vss);
  if (!index) {
    const built: HostIndex = { exact: new Map(), wildcard: [] };
    vss.forEach((vs, position) => {
      for (const h of vs.spec.hosts) {
        const host = resolveShortName(h, vs.namespace);
        if (host.startsWith('*')) built.wildcard.push({ host, position, vs });
        else if (!built.exact.has(host)) built.exact.set(host, { position, vs });
      }
    });
    index = built;
    indexes.set(vss, index);
  }
  return index;
}

/** The routes of one VirtualService; a route that would be invalid is left out and reported. */
export function routesOf(vs: ConfigEntry<VirtualService>, ctx: Omit<RouteContext, 'namespace' | 'vsGateways'>, problems: GenerationProblem[]): Route[] {
  const out: Route[] = [];
  vs.spec.http.forEach((http, i) => {
    try {
      out.push(...translateHttpRoute(http, { ...ctx, namespace: vs.namespace, vsGateways: vs.spec.gateways }, `${vs.namespace}/${vs.name}#${i}`));
    } catch (err) {
      if (!(err instanceof RouteProblem)) throw err;
      problems.push({ source: sourceOf(vs), message: `http[${i}]: ${err.message}` });
    }
  });
  return out;
}
