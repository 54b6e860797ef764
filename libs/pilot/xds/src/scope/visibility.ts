import type { Sidecar } from '@tsmesh/contracts/istio/networking/v1alpha3/sidecar';
import type { ConfigEntry, Service } from '@tsmesh/pilot-registry';
import type { Proxy } from '../proxy';
import { memoized, type PushContext } from '../push-context';
import { hostMatches } from './hosts';

/**
 * The services a proxy may reach: what its outbound clusters, listeners and routes are built
 * from. A service is visible when its `exportTo` admits the proxy's namespace and, when a
 * Sidecar resource applies to the proxy, one of that Sidecar's egress hosts covers it.
 */
export function servicesVisibleTo(proxy: Proxy, push: PushContext): Service[] {
  const sidecar = sidecarFor(proxy, push);
  const key = `visible|${proxy.namespace}|${sidecar ? `${sidecar.namespace}/${sidecar.name}@${sidecar.version}` : '-'}`;
  return memoized(push, key, () => {
    const egress = sidecar ? egressHosts(sidecar, proxy.namespace) : undefined;
    return push.registry.services().filter((svc) => exportedTo(svc.exportTo, svc.namespace, proxy.namespace) && (!egress || egress.some((h) => h.covers(svc))));
  });
}

/** Istio 1.2 `exportTo`: empty or `*` is every namespace, `.` is the owner's namespace only. */
export function exportedTo(exportTo: readonly string[] | undefined, ownerNamespace: string, proxyNamespace: string): boolean {
  if (!exportTo || exportTo.length === 0 || exportTo.includes('*')) return true;
  return exportTo.includes('.') && ownerNamespace === proxyNamespace;
}

/**
 * The Sidecar resource that scopes `proxy`, as Istio 1.2 picks it: one in the proxy's namespace
 * whose workloadSelector matches the proxy's labels, else that namespace's selector-less one,
 * else the selector-less default of the mesh's `rootNamespace`. Ties go to the oldest (config precedence order).
 */
export function sidecarFor(proxy: Proxy, push: PushContext): ConfigEntry<Sidecar> | undefined {
  if (proxy.type !== 'sidecar') return undefined;
  const all = push.config.sidecars();
  const own = all.filter((s) => s.namespace === proxy.namespace);
  const selected = own.find((s) => {
    const labels = s.spec.workloadSelector?.labels ?? {};
    const keys = Object.keys(labels);
    return keys.length > 0 && keys.every((k) => proxy.labels[k] === labels[k]);
  });
  const selectorLess = (s: ConfigEntry<Sidecar>): boolean => Object.keys(s.spec.workloadSelector?.labels ?? {}).length === 0;
  return selected ?? own.find(selectorLess) ?? all.find((s) => s.namespace === push.mesh.rootNamespace && selectorLess(s));
}

interface EgressHost {
  covers(svc: Service): boolean;
}

/** Egress `hosts` entries `<namespace>/<dnsName>`: `.` is the proxy's namespace, `*` any; dnsName may be a wildcard. */
export function egressHosts(sidecar: ConfigEntry<Sidecar>, proxyNamespace: string): EgressHost[] {
  const hosts = sidecar.spec.egress.flatMap((e) => e.hosts);
  return hosts.flatMap((entry) => {
    const slash = entry.indexOf('/');
    if (slash <= 0) return [];
    const ns = entry.slice(0, slash) === '.' ? proxyNamespace : entry.slice(0, slash);
    const dns = entry.slice(slash + 1);
    return [{ covers: (svc: Service) => (ns === '*' || ns === svc.namespace) && hostMatches(dns, svc.hostname) }];
  });
}
