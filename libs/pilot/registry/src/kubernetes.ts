import { splitResourceName, type McpResource } from '@tsmesh/shared-mcp';
import { protocolFromPortName, type Service, type ServiceEndpoint, type ServicePort } from './model';

export const DEFAULT_DOMAIN_SUFFIX = 'cluster.local';

interface K8sServicePort { name?: string; port?: number; targetPort?: number | string; protocol?: string }
interface K8sAddress { ip?: string; targetRef?: { kind?: string; name?: string; namespace?: string } }
interface K8sSubset { addresses?: K8sAddress[]; ports?: Array<{ name?: string; port?: number }> }
export interface PodView { labels: Readonly<Record<string, string>>; serviceAccount?: string; locality?: string }

export const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';
const REGION_LABEL = 'failure-domain.beta.kubernetes.io/region';
const ZONE_LABEL = 'failure-domain.beta.kubernetes.io/zone';

export function serviceHostname(name: string, namespace: string, domainSuffix = DEFAULT_DOMAIN_SUFFIX): string {
  return `${name}.${namespace}.svc.${domainSuffix}`;
}

/** A Kubernetes Service (body = object without metadata) as a registry Service. */
export function serviceFromKubernetes(resource: McpResource, domainSuffix = DEFAULT_DOMAIN_SUFFIX): Service {
  const { namespace, name } = splitResourceName(resource.name);
  const spec = (resource.body['spec'] ?? {}) as { ports?: K8sServicePort[]; clusterIP?: string; type?: string; externalName?: string };
  const ports: ServicePort[] = (spec.ports ?? [])
    .filter((p) => typeof p.port === 'number' && (p.protocol ?? 'TCP').toUpperCase() !== 'UDP')
    .map((p) => ({
      name: p.name ?? '',
      port: p.port as number,
      protocol: protocolFromPortName(p.name),
      targetPort: typeof p.targetPort === 'number' ? p.targetPort : (p.port as number),
    }));
  const headless = spec.clusterIP === 'None';
  const exportTo = resource.annotations[EXPORT_TO_ANNOTATION]?.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
  return {
    hostname: serviceHostname(name, namespace, domainSuffix),
    namespace,
    ports,
    address: headless || !spec.clusterIP ? undefined : spec.clusterIP,
    resolution: headless ? 'Passthrough' : 'ClientSideLB',
    meshExternal: false,
    source: 'kubernetes',
    ...(exportTo && exportTo.length > 0 ? { exportTo } : {}),
  };
}

/**
 * Endpoints of one Service, matched to service ports by port name, as the Kubernetes
 * controller in Istio 1.2 does. Labels and service account come from the backing Pod.
 */
export function endpointsFromKubernetes(
  resource: McpResource,
  service: Service,
  pods: ReadonlyMap<string, PodView>,
): ServiceEndpoint[] {
  const { namespace } = splitResourceName(resource.name);
  const subsets = (resource.body['subsets'] ?? []) as K8sSubset[];
  const out: ServiceEndpoint[] = [];
  for (const subset of subsets) {
    for (const epPort of subset.ports ?? []) {
      const svcPort = service.ports.find((p) => p.name === (epPort.name ?? '')) ?? (service.ports.length === 1 ? service.ports[0] : undefined);
      if (!svcPort || typeof epPort.port !== 'number') continue;
      for (const addr of subset.addresses ?? []) {
        if (!addr.ip) continue;
        const podKey = addr.targetRef?.kind === 'Pod' && addr.targetRef.name ? `${addr.targetRef.namespace ?? namespace}/${addr.targetRef.name}` : undefined;
        const pod = podKey ? pods.get(podKey) : undefined;
        out.push({
          hostname: service.hostname,
          servicePort: svcPort.port,
          address: addr.ip,
          port: epPort.port,
          labels: pod?.labels ?? {},
          serviceAccount: pod?.serviceAccount,
          ...(pod?.locality ? { locality: pod.locality } : {}),
        });
      }
    }
  }
  return out;
}

/** The Pod's labels, service account and locality (`region/zone` from its node's failure-domain labels). */
export function podView(resource: McpResource, nodeLocality: ReadonlyMap<string, string> = new Map()): PodView {
  const spec = (resource.body['spec'] ?? {}) as { serviceAccountName?: string; serviceAccount?: string; nodeName?: string };
  const locality = spec.nodeName ? nodeLocality.get(spec.nodeName) : undefined;
  return { labels: resource.labels, serviceAccount: spec.serviceAccountName ?? spec.serviceAccount ?? 'default', ...(locality ? { locality } : {}) };
}

/** `region/zone` of a Kubernetes Node from its labels; undefined when it has neither. */
export function nodeLocality(resource: McpResource): string | undefined {
  const region = resource.labels[REGION_LABEL] ?? '';
  const zone = resource.labels[ZONE_LABEL] ?? '';
  return region || zone ? `${region}/${zone}` : undefined;
}
