import type { AdsClient } from '@tsmesh/sidecar-xds-client';

const SCOPES: Readonly<Record<string, string>> = { cds: 'cluster_manager.cds', eds: 'cluster_manager.eds', lds: 'listener_manager.lds', rds: 'listener_manager.rds' };

/**
 * The control-plane stats Envoy keeps and Istio 1.2's readiness check and dashboards read:
 * per-type `update_success`/`update_rejected`, active clusters/listeners, and per-cluster
 * membership from EDS.
 */
export function envoyStats(ads: AdsClient): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const [short, scope] of Object.entries(SCOPES)) {
    const s = ads.typeStats()[short] ?? { update_attempt: 0, update_success: 0, update_rejected: 0 };
    stats[`${scope}.update_attempt`] = s.update_attempt;
    stats[`${scope}.update_success`] = s.update_success;
    stats[`${scope}.update_rejected`] = s.update_rejected;
  }
  const snapshot = ads.snapshot();
  stats['cluster_manager.active_clusters'] = snapshot.clusters.size;
  stats['listener_manager.total_listeners_active'] = snapshot.listeners.size;
  stats['control_plane.connected_state'] = ads.status().connected ? 1 : 0;
  for (const c of snapshot.clusters.values()) {
    const hosts = snapshot.loadAssignments.get(c.edsServiceName ?? c.name)?.endpoints.length ?? 0;
    stats[`cluster.${c.name}.membership_total`] = hosts;
    stats[`cluster.${c.name}.membership_healthy`] = hosts;
  }
  return stats;
}
