import { ServiceEntry_Location, ServiceEntry_Resolution, type ServiceEntry, type ServiceEntry_Endpoint } from '@tsmesh/contracts/istio/networking/v1alpha3/service_entry';
import type { ConfigEntry } from './config/pilot-config';
import { protocolFromName, type Resolution, type Service, type ServiceEndpoint, type ServicePort } from './model';

const RESOLUTION: Readonly<Record<number, Resolution>> = {
  [ServiceEntry_Resolution.NONE]: 'Passthrough',
  [ServiceEntry_Resolution.STATIC]: 'ClientSideLB',
  [ServiceEntry_Resolution.DNS]: 'DNS',
};

/** One registry Service per ServiceEntry host, with its endpoints (Istio 1.2 semantics). */
export function servicesFromServiceEntry(entry: ConfigEntry<ServiceEntry>): { services: Service[]; endpoints: ServiceEndpoint[] } {
  const spec = entry.spec;
  const ports: ServicePort[] = spec.ports
    .filter((p) => p.number > 0)
    .map((p) => ({ name: p.name, port: p.number, protocol: protocolFromName(p.protocol), targetPort: p.number }));
  const resolution = RESOLUTION[spec.resolution] ?? 'Passthrough';
  const services: Service[] = [];
  const endpoints: ServiceEndpoint[] = [];
  for (const host of spec.hosts) {
    services.push({
      hostname: host,
      namespace: entry.namespace,
      ports,
      address: spec.addresses[0],
      resolution,
      meshExternal: spec.location !== ServiceEntry_Location.MESH_INTERNAL,
      source: 'serviceentry',
      ...(spec.exportTo.length > 0 ? { exportTo: [...spec.exportTo] } : {}),
    });
    const declared: Array<Pick<ServiceEntry_Endpoint, 'address'> & Partial<ServiceEntry_Endpoint>> =
      spec.endpoints.length > 0 ? spec.endpoints : resolution === 'DNS' ? [{ address: host }] : [];
    for (const ep of declared) {
      if (!ep.address) continue;
      for (const port of ports) {
        endpoints.push({
          hostname: host,
          servicePort: port.port,
          address: ep.address,
          port: ep.ports?.[port.name] ?? port.port,
          labels: ep.labels ?? {},
          weight: ep.weight || undefined,
          ...(ep.locality ? { locality: ep.locality } : {}),
        });
      }
    }
  }
  return { services, endpoints };
}
