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
      [...c.watches.values()].map((w) => [w.typeUrl, { sent: w.sentVersion, sentNonce: w.sentNonce, acked: w.ackedVersion, nack: w.lastNack }]),
    ),
  }));
}

/** `/debug/registryz`: the services in the current push. */
export function registryz(registry: ServiceRegistry | undefined): unknown[] {
  return (registry?.services() ?? []).map((s) => ({ ...s }));
}
