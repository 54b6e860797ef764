import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';

/** Span export to Zipkin, as Istio 1.2's control plane did with --trace_zipkin_url; none when the URL is empty. */
export function zipkinProcessors(url: string, serviceName: string): SpanProcessor[] {
  if (url === '') return [];
  return [new BatchSpanProcessor({ exporter: new ZipkinExporter({ url, serviceName }), scheduledDelayMillis: 1000 })];
}
