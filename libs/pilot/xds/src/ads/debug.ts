import type { ServiceRegistry } from '@tsmesh/pilot-registry';
import type { AdsServer } from './ads-server';

/** `/debug/adsz`: every connected proxy and what it watches. */
export function adsz(server: AdsServer): unknown {
  return {
    totalClients: server.connections().length,
    clients: server.connections().map((c) => ({
      connectionId: c.id,
      node: c.proxy?.nodeId,
      peerAddress: c.peer,
      connectedAt: c.connectedAt,
      watches: Object.fromEntries([...c.watches.values()].map((w) => [w.typeUrl, w.names])),
    })),
  };
}

/** `/debug/syncz`: per proxy and type, what was sent and what was acknowledged (what istioctl proxy-status reads). */
export function syncz(server: AdsServer): unknown[] {
  return server.connections().map((c) => ({
    proxy: c.proxy?.nodeId,
    connectionId: c.id,
    types: Object.fromEntries(
      [...c.watches.values()].map((w) => [w.typeUrl, { sent: w.sentVersion, sentNonce: w.sentNonce, sentAt: w.sentAt, resources: w.sentCount, acked: w.ackedVersion, ackedAt: w.ackedAt, nack: w.lastNack }]),
    ),
  }));
}

/** `/debug/registryz`: the services in the current push. */
export function registryz(registry: ServiceRegistry | undefined): unknown[] {
  return (registry?.services() ?? []).map((s) => ({ ...s }));
}

/** `/debug/endpointz`: every service port with its endpoints (address, labels, service account). */
export function endpointz(registry: ServiceRegistry | undefined): unknown[] {
  return (registry?.services() ?? []).map((s) => ({
    service: s.hostname,
    ports: s.ports.map((p) => ({ port: p.port, name: p.name, protocol: p.protocol, endpoints: registry?.endpoints(s.hostname, p.port) ?? [] })),
  }));
}
