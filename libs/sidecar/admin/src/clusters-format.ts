import type { AdminClusterStatus } from './admin-source';

/** Envoy's `/clusters` text: `cluster::host:port::stat::value` lines, per host. */
export function clustersText(clusters: readonly AdminClusterStatus[]): string {
  const lines: string[] = [];
  for (const c of [...clusters].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`${c.name}::observability_name::${c.name}`);
    const cb = c.circuitBreakers;
    if (cb) {
      const t = cb.thresholds;
      lines.push(
        `${c.name}::default_priority::max_connections::${t.maxConnections}`,
        `${c.name}::default_priority::max_pending_requests::${t.maxPendingRequests}`,
        `${c.name}::default_priority::max_requests::${t.maxRequests}`,
        `${c.name}::default_priority::max_retries::${t.maxRetries}`,
        `${c.name}::upstream_rq_active::${cb.active.requests}`,
        `${c.name}::upstream_rq_pending_active::${cb.active.pending}`,
        `${c.name}::upstream_cx_overflow::${cb.overflow.connections}`,
        `${c.name}::upstream_rq_pending_overflow::${cb.overflow.pending + cb.overflow.requests}`,
        `${c.name}::upstream_rq_retry_overflow::${cb.overflow.retries}`,
      );
    }
    if (c.outlierEjectionsActive !== undefined) lines.push(`${c.name}::outlier_detection::ejections_active::${c.outlierEjectionsActive}`);
    lines.push(`${c.name}::added_via_api::true`);
    for (const h of c.hosts) {
      const p = `${c.name}::${h.address}:${h.port}`;
      for (const [stat, value] of Object.entries(h.stats).sort(([a], [b]) => a.localeCompare(b))) lines.push(`${p}::${stat}::${value}`);
      lines.push(
        `${p}::hostname::`,
        `${p}::health_flags::${h.healthy ? 'healthy' : '/failed_outlier_check'}`,
        `${p}::weight::${h.weight}`,
        `${p}::region::${h.locality?.region ?? ''}`,
        `${p}::zone::${h.locality?.zone ?? ''}`,
        `${p}::sub_zone::${h.locality?.subZone ?? ''}`,
        `${p}::canary::false`,
        `${p}::priority::0`,
        `${p}::success_rate::-1`,
        `${p}::local_origin_success_rate::-1`,
      );
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** Envoy's `/clusters?format=json` (admin v3 Clusters message as JSON). */
export function clustersJson(clusters: readonly AdminClusterStatus[]): unknown {
  return {
    cluster_statuses: [...clusters]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({
        name: c.name,
        observability_name: c.name,
        added_via_api: true,
        host_statuses: c.hosts.map((h) => ({
          address: { socket_address: { address: h.address, port_value: h.port } },
          stats: Object.entries(h.stats).map(([name, value]) => ({ name, value: String(value), type: name.endsWith('_active') ? 'GAUGE' : 'COUNTER' })),
          health_status: { eds_health_status: h.healthy ? 'HEALTHY' : 'UNHEALTHY', ...(h.healthy ? {} : { failed_outlier_check: true }) },
          weight: h.weight,
          locality: { region: h.locality?.region ?? '', zone: h.locality?.zone ?? '', sub_zone: h.locality?.subZone ?? '' },
        })),
      })),
  };
}
