import { context, metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { describeError } from '@tsmesh/shared-errors';
import { restoreCounterNames } from './istio-metric-names';

export interface TelemetryOptions {
  /** Becomes resource `service.name` and the `component` label of `tsmesh_build_info`. */
  readonly component: string;
  readonly version: string;
  /** Where finished spans go; none by default (Istio 1.2 control plane has no tracing backend). */
  readonly spanProcessors?: readonly SpanProcessor[];
  /**
   * Also install the providers as the OpenTelemetry globals (plus an AsyncLocalStorage context
   * manager), so libraries using `metrics.getMeter()` land on /metrics. Only one per process:
   * runComponent sets it, tests that start several components in one process leave it off.
   */
  readonly registerGlobal?: boolean;
}

export interface Telemetry {
  readonly meterProvider: MeterProvider;
  readonly tracerProvider: TracerProvider;
  /** Meter named after the component; instrument names use `tsmesh_` and underscores. */
  readonly meter: Meter;
  readonly tracer: Tracer;
  /** Collects every instrument now and renders Prometheus text exposition format 0.0.4. */
  renderPrometheus(): Promise<string>;
  shutdown(): Promise<void>;
}

/** Content type Prometheus expects for the text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** One MeterProvider and one TracerProvider per component, scraped through the monitoring server. */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const resource = resourceFromAttributes({ 'service.name': options.component, 'service.version': options.version });
  // The exporter is used only as a pull MetricReader: its own HTTP server stays off so each
  // process exposes a single monitoring port.
  const reader = new PrometheusExporter({ preventServerStart: true });
  // No otel_scope_* labels: Istio's series carry only their own labels, and dashboards aggregate on those.
  const serializer = new PrometheusSerializer(undefined, false, undefined, false, true);
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  const tracerProvider = new TracerProvider({ resource, spanProcessors: [...(options.spanProcessors ?? [])] });
  const meter = meterProvider.getMeter(options.component, options.version);
  const tracer = tracerProvider.getTracer(options.component, options.version);
  registerProcessMetrics(meter, options);

  let contextManager: AsyncLocalStorageContextManager | undefined;
  if (options.registerGlobal) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    metrics.setGlobalMeterProvider(meterProvider);
    trace.setGlobalTracerProvider(tracerProvider);
  }

  let shutdown: Promise<void> | undefined;
  return {
    meterProvider,
    tracerProvider,
    meter,
    tracer,
    async renderPrometheus() {
      const { resourceMetrics, errors } = await reader.collect();
      const text = restoreCounterNames(serializer.serialize(resourceMetrics), resourceMetrics);
      // Collection errors (a throwing observable callback) must not hide the other metrics.
      return errors.length === 0 ? text : `${text}# collection errors: ${errors.map(describeError).join('; ')}\n`;
    },
    shutdown() {
      shutdown ??= (async () => {
        if (options.registerGlobal) {
          metrics.disable();
          trace.disable();
          context.disable();
        }
        contextManager?.disable();
        await Promise.allSettled([meterProvider.shutdown(), tracerProvider.shutdown()]);
      })();
      return shutdown;
    },
  };
}

/** Gauges present in every process so /metrics is never empty and dashboards can join on them. */
function registerProcessMetrics(meter: Meter, options: TelemetryOptions): void {
  const startSeconds = Math.round((Date.now() - process.uptime() * 1_000) / 10) / 100;
  meter
    .createObservableGauge('tsmesh_build_info', { description: 'Always 1; labels carry the component and version.' })
    .addCallback((result) => result.observe(1, { component: options.component, version: options.version }));
  meter
    .createObservableGauge('process_start_time_seconds', { description: 'Start time of the process since unix epoch in seconds.' })
    .addCallback((result) => result.observe(startSeconds));
  meter
    .createObservableGauge('process_resident_memory_bytes', { description: 'Resident memory size in bytes.' })
    .addCallback((result) => result.observe(process.memoryUsage.rss()));
}
