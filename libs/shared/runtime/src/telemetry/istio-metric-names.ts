import { DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/**
 * OpenTelemetry's Prometheus serializer appends `_total` to every monotonic counter. Istio 1.2's
 * components used Prometheus' Go client, which does not, and Istio's dashboards query names such
 * as `pilot_xds_pushes` and `citadel_server_csr_count`. So counters keep the exact name they were
 * created with: names that already end in `_total` (`pilot_total_xds_rejects`,
 * `grpc_server_handled_total`) are untouched, and the suffix the serializer added is removed.
 */
export function restoreCounterNames(text: string, resourceMetrics: ResourceMetrics): string {
  const renamed = new Set<string>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const name = metric.descriptor.name;
      if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic && !name.endsWith('_total')) renamed.add(name);
    }
  }
  if (renamed.size === 0) return text;
  return text
    .split('\n')
    .map((line) => {
      const match = /^(# (?:HELP|TYPE) )?([a-zA-Z_:][a-zA-Z0-9_:]*)_total(?=[\s{])/.exec(line);
      if (!match || !renamed.has(match[2] ?? '')) return line;
      return `${match[1] ?? ''}${match[2]}${line.slice(match[0].length)}`;
    })
    .join('\n');
}
