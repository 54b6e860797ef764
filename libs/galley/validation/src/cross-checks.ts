import { type McpResource, splitResourceName } from '@tsmesh/shared-mcp';

/** A problem that spans resources: reported as a warning naming every resource involved. */
export interface CrossResourceWarning {
  readonly resources: readonly string[];
  readonly path: string;
  readonly message: string;
}

export type ConfigCollections = ReadonlyMap<string, readonly McpResource[]>;

const VS = 'istio/networking/v1alpha3/virtualservices';
const DR = 'istio/networking/v1alpha3/destinationrules';
const GW = 'istio/networking/v1alpha3/gateways';
const PODS = 'k8s/core/v1/pods';

/** Short names resolve in the rule's namespace, as Istio 1.2 resolves them. */
export function resolveHost(host: string, namespace: string, domainSuffix = 'cluster.local'): string {
  if (host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.svc.${domainSuffix}`;
}

interface Destination { host?: string; subset?: string }
interface RouteLike { route?: Array<{ destination?: Destination }> }

/**
 * Checks Istio 1.2 never made: routes to subsets no DestinationRule defines, Gateways whose
 * selector matches no workload, and the same host claimed by two VirtualServices.
 */
export function crossResourceWarnings(config: ConfigCollections): CrossResourceWarning[] {
  return [...undefinedSubsets(config), ...unmatchedGateways(config), ...duplicateHosts(config)];
}

function undefinedSubsets(config: ConfigCollections): CrossResourceWarning[] {
  const subsetsByHost = new Map<string, { rule: string; subsets: Set<string> }>();
  for (const dr of config.get(DR) ?? []) {
    const { namespace } = splitResourceName(dr.name);
    const spec = dr.body as { host?: string; subsets?: Array<{ name?: string }> };
    if (!spec.host) continue;
    subsetsByHost.set(resolveHost(spec.host, namespace), { rule: dr.name, subsets: new Set((spec.subsets ?? []).flatMap((s) => (s.name ? [s.name] : []))) });
  }
  const warnings: CrossResourceWarning[] = [];
  for (const vs of config.get(VS) ?? []) {
    const { namespace } = splitResourceName(vs.name);
    for (const section of ['http', 'tcp', 'tls'] as const) {
      const routes = ((vs.body as Record<string, RouteLike[] | undefined>)[section] ?? []);
      routes.forEach((rule, i) =>
        (rule.route ?? []).forEach((dest, j) => {
          const { host, subset } = dest.destination ?? {};
          if (!host || !subset) return;
          const fqdn = resolveHost(host, namespace);
          const dr = subsetsByHost.get(fqdn);
          if (dr?.subsets.has(subset)) return;
          warnings.push({
            resources: [`VirtualService ${vs.name}`, ...(dr ? [`DestinationRule ${dr.rule}`] : [])],
            path: `spec.${section}[${i}].route[${j}].destination.subset`,
            message: dr
              ? `subset "${subset}" of ${fqdn} is not defined by DestinationRule ${dr.rule} (it defines: ${[...dr.subsets].join(', ') || 'none'})`
              : `subset "${subset}" of ${fqdn} is used, but no DestinationRule for ${fqdn} exists`,
          });
        }),
      );
    }
  }
  return warnings;
}

function unmatchedGateways(config: ConfigCollections): CrossResourceWarning[] {
  const pods = config.get(PODS) ?? [];
  if (pods.length === 0) return []; // no workload inventory (e.g. a bare config directory): nothing to compare with
  return (config.get(GW) ?? []).flatMap((gw) => {
    const selector = (gw.body as { selector?: Record<string, string> }).selector ?? {};
    const matches = pods.some((pod) => Object.entries(selector).every(([k, v]) => pod.labels[k] === v));
    if (matches) return [];
    const labels = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
    return [{ resources: [`Gateway ${gw.name}`], path: 'spec.selector', message: `selector ${labels || '(empty)'} matches no workload` }];
  });
}

function duplicateHosts(config: ConfigCollections): CrossResourceWarning[] {
  const owners = new Map<string, string>();
  const warnings: CrossResourceWarning[] = [];
  for (const vs of config.get(VS) ?? []) {
    const { namespace } = splitResourceName(vs.name);
    const spec = vs.body as { hosts?: string[]; gateways?: string[] };
    const gateways = [...(spec.gateways ?? ['mesh'])].sort().join(',');
    (spec.hosts ?? []).forEach((host, i) => {
      const key = `${resolveHost(host, namespace)}@${gateways}`;
      const first = owners.get(key);
      if (first === undefined) owners.set(key, vs.name);
      else warnings.push({ resources: [`VirtualService ${first}`, `VirtualService ${vs.name}`], path: `spec.hosts[${i}]`, message: `host ${resolveHost(host, namespace)} is also claimed by VirtualService ${first} for gateways ${gateways}; only one of them takes effect` });
    });
  }
  return warnings;
}
