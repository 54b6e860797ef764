import { splitResourceName } from '@tsmesh/shared-mcp';
import { PilotConfig, type ConfigState } from './config/pilot-config';
import { endpointsFromKubernetes, nodeLocality, podView, serviceFromKubernetes, serviceHostname } from './kubernetes';
import type { Service, ServiceEndpoint } from './model';
import { servicesFromServiceEntry } from './service-entry';

export const K8S_SERVICES = 'k8s/core/v1/services';
export const K8S_ENDPOINTS = 'k8s/core/v1/endpoints';
export const K8S_PODS = 'k8s/core/v1/pods';
export const K8S_NODES = 'k8s/core/v1/nodes';

/**
 * The service registry for one push: Kubernetes Services/Endpoints/Pods plus ServiceEntries,
 * built from the config state pilot received over MCP. Immutable once built.
 */
export class ServiceRegistry {
  readonly #services: ReadonlyMap<string, Service>;
  readonly #endpoints: ReadonlyMap<string, readonly ServiceEndpoint[]>;
  readonly #sorted: readonly Service[];
  #byAddress: Map<string, ServiceEndpoint[]> | undefined;

  private constructor(services: Map<string, Service>, endpoints: Map<string, ServiceEndpoint[]>) {
    this.#services = services;
    this.#endpoints = endpoints;
    this.#sorted = [...services.values()].sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
  }

  static build(state: ConfigState | PilotConfig, domainSuffix?: string): ServiceRegistry {
    const config = state instanceof PilotConfig ? state : new PilotConfig(state);
    const services = new Map<string, Service>();
    const endpoints = new Map<string, ServiceEndpoint[]>();
    const add = (ep: ServiceEndpoint): void => {
      // Appending in place keeps the build linear for 10,000 endpoints.
      const key = endpointKey(ep.hostname, ep.servicePort);
      const list = endpoints.get(key);
      if (list) list.push(ep);
      else endpoints.set(key, [ep]);
    };
    const localities = new Map<string, string>();
    for (const node of config.raw(K8S_NODES)) {
      const locality = nodeLocality(node);
      if (locality) localities.set(node.name, locality);
    }
    const pods = new Map(config.raw(K8S_PODS).map((p) => [p.name, podView(p, localities)]));
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
    return [...this.#sorted];
  }

  service(hostname: string): Service | undefined {
    return this.#services.get(hostname);
  }

  /** The service endpoints a workload at `ip` serves: what its inbound listeners and clusters are built from. */
  instancesAt(ip: string): ServiceEndpoint[] {
    if (!this.#byAddress) {
      // Indexed once per registry: every sidecar of a push asks for its own IP.
      const index = new Map<string, ServiceEndpoint[]>();
      for (const eps of this.#endpoints.values()) for (const ep of eps) {
        const list = index.get(ep.address);
        if (list) list.push(ep);
        else index.set(ep.address, [ep]);
      }
      this.#byAddress = index;
    }
    return [...(this.#byAddress.get(ip) ?? [])];
  }

  /** Service accounts of the workloads behind a service, sorted: the SANs of ISTIO_MUTUAL clusters. */
  serviceAccounts(hostname: string, servicePort: number): string[] {
    const accounts = new Set<string>();
    for (const ep of this.endpoints(hostname, servicePort)) if (ep.serviceAccount) accounts.add(ep.serviceAccount);
    return [...accounts].sort();
  }

  endpoints(hostname: string, servicePort: number): readonly ServiceEndpoint[] {
    return this.#endpoints.get(endpointKey(hostname, servicePort)) ?? [];
  }
}

function endpointKey(hostname: string, port: number): string {
  return `${hostname}|${port}`;
}
