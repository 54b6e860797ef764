import { splitResourceName } from '@tsmesh/shared-mcp';
import { PilotConfig, type ConfigState } from './config/pilot-config';
import { endpointsFromKubernetes, podView, serviceFromKubernetes, serviceHostname } from './kubernetes';
import type { Service, ServiceEndpoint } from './model';
import { servicesFromServiceEntry } from './service-entry';

export const K8S_SERVICES = 'k8s/core/v1/services';
export const K8S_ENDPOINTS = 'k8s/core/v1/endpoints';
export const K8S_PODS = 'k8s/core/v1/pods';

/**
 * The service registry for one push: Kubernetes Services/Endpoints/Pods plus ServiceEntries,
 * built from the config state pilot received over MCP. Immutable once built.
 */
export class ServiceRegistry {
  readonly #services: ReadonlyMap<string, Service>;
  readonly #endpoints: ReadonlyMap<string, readonly ServiceEndpoint[]>;

  private constructor(services: Map<string, Service>, endpoints: Map<string, ServiceEndpoint[]>) {
    this.#services = services;
    this.#endpoints = endpoints;
  }

  static build(state: ConfigState | PilotConfig, domainSuffix?: string): ServiceRegistry {
    const config = state instanceof PilotConfig ? state : new PilotConfig(state);
    const services = new Map<string, Service>();
    const endpoints = new Map<string, ServiceEndpoint[]>();
    const add = (ep: ServiceEndpoint): void => {
      const key = endpointKey(ep.hostname, ep.servicePort);
      endpoints.set(key, [...(endpoints.get(key) ?? []), ep]);
    };
    const pods = new Map(config.raw(K8S_PODS).map((p) => [p.name, podView(p)]));
    for (const resource of config.raw(K8S_SERVICES)) {
      const svc = serviceFromKubernetes(resource, domainSuffix);
      services.set(svc.hostname, svc);
    }
    for (const resource of config.raw(K8S_ENDPOINTS)) {
      const { namespace, name } = splitResourceName(resource.name);
      const svc = services.get(serviceHostname(name, namespace, domainSuffix));
      if (svc) endpointsFromKubernetes(resource, svc, pods).forEach(add);
    }
    for (const entry of config.serviceEntries()) {
      const built = servicesFromServiceEntry(entry);
      // Kubernetes services win over ServiceEntries for the same host, as in Istio 1.2.
      for (const svc of built.services) if (!services.has(svc.hostname)) services.set(svc.hostname, svc);
      built.endpoints.filter((ep) => services.get(ep.hostname)?.source === 'serviceentry').forEach(add);
    }
    return new ServiceRegistry(services, endpoints);
  }

  services(): Service[] {
    return [...this.#services.values()].sort((a, b) => a.hostname.localeCompare(b.hostname));
  }

  service(hostname: string): Service | undefined {
    return this.#services.get(hostname);
  }

  /** The service endpoints a workload at `ip` serves: what its inbound listeners and clusters are built from. */
  instancesAt(ip: string): ServiceEndpoint[] {
    return [...this.#endpoints.values()].flatMap((eps) => eps.filter((ep) => ep.address === ip));
  }

  endpoints(hostname: string, servicePort: number): readonly ServiceEndpoint[] {
    return this.#endpoints.get(endpointKey(hostname, servicePort)) ?? [];
  }
}

function endpointKey(hostname: string, port: number): string {
  return `${hostname}|${port}`;
}
