/** Envoy's `/stats` text: `name: value`, sorted by name. */
export function statsText(stats: Readonly<Record<string, number>>): string {
  return Object.keys(stats)
    .sort()
    .map((name) => `${name}: ${stats[name]}\n`)
    .join('');
}

interface PromSample {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Envoy's tag extraction for the stats Istio dashboards use: the scope's name becomes a label
 * (`cluster.<name>.upstream_rq_total` → `envoy_cluster_upstream_rq_total{envoy_cluster_name="<name>"}`).
 * Cluster names contain dots, so the stat is the last segment.
 */
function toSample(name: string, value: number): PromSample {
  const scoped: ReadonlyArray<[string, string]> = [
    ['cluster.', 'envoy_cluster_name'],
    ['listener.', 'envoy_listener_address'],
    ['http.', 'envoy_http_conn_manager_prefix'],
  ];
  for (const [prefix, label] of scoped) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const dot = rest.lastIndexOf('.');
    if (dot <= 0) break;
    return { metric: sanitize(`envoy_${prefix}${rest.slice(dot + 1)}`), labels: { [label]: rest.slice(0, dot) }, value };
  }
  return { metric: sanitize(`envoy_${name}`), labels: {}, value };
}

const sanitize = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, '_');
const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const isGauge = (metric: string) => /_(active|membership_\w+|pending|size|state|version)$/.test(metric);

/** Prometheus text exposition with Envoy's metric names, one `# TYPE` per metric. */
export function statsPrometheus(stats: Readonly<Record<string, number>>): string {
  const byMetric = new Map<string, PromSample[]>();
  for (const [name, value] of Object.entries(stats)) {
    const s = toSample(name, value);
    byMetric.set(s.metric, [...(byMetric.get(s.metric) ?? []), s]);
  }
  let out = '';
  for (const metric of [...byMetric.keys()].sort()) {
    out += `# TYPE ${metric} ${isGauge(metric) ? 'gauge' : 'counter'}\n`;
    for (const s of byMetric.get(metric) ?? []) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',');
      out += `${metric}${labels ? `{${labels}}` : ''} ${s.value}\n`;
    }
  }
  return out;
}
