import { splitResourceName, type McpResource } from '@tsmesh/shared-mcp';
import { protocolFromName, type Resolution, type Service, type ServiceEndpoint, type ServicePort } from './model';

interface SePort { number?: number; protocol?: string; name?: string }
interface SeEndpoint { address?: string; ports?: Record<string, number>; labels?: Record<string, string>; weight?: number }
interface SeSpec {
  hosts?: string[];
  addresses?: string[];
  ports?: SePort[];
  location?: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  resolution?: 'NONE' | 'STATIC' | 'DNS';
  endpoints?: SeEndpoint[];
}

const RESOLUTION: Readonly<Record<string, Resolution>> = { NONE: 'Passthrough', STATIC: 'ClientSideLB', DNS: 'DNS' };

/** One registry Service per ServiceEntry host, with its endpoints (Istio 1.2 semantics). */
export function servicesFromServiceEntry(resource: McpResource): { services: Service[]; endpoints: ServiceEndpoint[] } {
  const { namespace } = splitResourceName(resource.name);
  const spec = resource.body as SeSpec;
  const ports: ServicePort[] = (spec.ports ?? [])
    .filter((p): p is SePort & { number: number } => typeof p.number === 'number')
    .map((p) => ({ name: p.name ?? '', port: p.number, protocol: protocolFromName(p.protocol), targetPort: p.number }));
  const resolution = RESOLUTION[spec.resolution ?? 'NONE'] ?? 'Passthrough';
  const services: Service[] = [];
  const endpoints: ServiceEndpoint[] = [];
  for (const host of spec.hosts ?? []) {
    services.push({
      hostname: host,
      namespace,
      ports,
      address: spec.addresses?.[0],
      resolution,
      meshExternal: (spec.location ?? 'MESH_EXTERNAL') === 'MESH_EXTERNAL',
      source: 'serviceentry',
    });
    const declared: SeEndpoint[] = spec.endpoints ?? (resolution === 'DNS' ? [{ address: host }] : []);
    for (const ep of declared) {
      if (!ep.address) continue;
      for (const port of ports) {
        endpoints.push({
          hostname: host,
          servicePort: port.port,
          address: ep.address,
          port: ep.ports?.[port.name] ?? port.port,
          labels: ep.labels ?? {},
          weight: ep.weight,
        });
      }
    }
  }
  return { services, endpoints };
}
