import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import type { Proxy } from '../../proxy';
import type { PushContext } from '../../push-context';
import { durationMs } from '../generator';
import { socketAddress } from './address';

export function inboundClusterName(servicePort: number, portName: string, hostname: string): string {
  return `inbound|${servicePort}|${portName}|${hostname}`;
}

/**
 * `inbound|<servicePort>|<portName>|<host>` for each service instance at the proxy's IP: a
 * STATIC cluster to the app on 127.0.0.1:<targetPort>. Sidecars only; gateways have no app.
 */
export function inboundClusters(proxy: Proxy, push: PushContext): Cluster[] {
  if (proxy.type !== 'sidecar') return [];
  const seen = new Set<string>();
  const out: Cluster[] = [];
  for (const ip of proxy.ipAddresses) {
    for (const instance of push.registry.instancesAt(ip)) {
      const port = push.registry.service(instance.hostname)?.ports.find((p) => p.port === instance.servicePort);
      if (!port) continue;
      const name = inboundClusterName(port.port, port.name, instance.hostname);
      if (seen.has(name)) continue;
      seen.add(name);
      out.push(Cluster.fromPartial({
        name,
        clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.STATIC },
        connectTimeout: durationMs(push.mesh.connectTimeoutMs),
        lbPolicy: Cluster_LbPolicy.ROUND_ROBIN,
        loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: [{ hostIdentifier: { $case: 'endpoint', value: { address: socketAddress('127.0.0.1', instance.port) } } }] }] },
      }));
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
