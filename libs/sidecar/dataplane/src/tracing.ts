import type { IncomingHttpHeaders } from 'node:http';
import { context, type Span, SpanKind, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { randomHex } from './random-ids';

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

interface Incoming {
  readonly traceId: string;
  readonly spanId?: string;
  readonly sampled?: boolean;
}

/** The caller's trace from B3 (multi-header), else from W3C traceparent. */
function incomingTrace(h: IncomingHttpHeaders): Incoming | undefined {
  const b3 = h['x-b3-traceid'];
  if (typeof b3 === 'string') {
    const traceId = b3.length === 16 ? b3.padStart(32, '0') : b3;
    if (!HEX32.test(traceId)) return undefined;
    const span = h['x-b3-spanid'];
    const sampled = h['x-b3-sampled'];
    return { traceId, spanId: typeof span === 'string' && HEX16.test(span) ? span : undefined, sampled: sampled === undefined ? (h['x-b3-flags'] === '1' ? true : undefined) : sampled === '1' || sampled === 'true' };
  }
  const tp = h['traceparent'];
  const m = typeof tp === 'string' ? TRACEPARENT.exec(tp) : null;
  if (m) return { traceId: m[1] as string, spanId: m[2] as string, sampled: (parseInt(m[3] as string, 16) & 1) === 1 };
  return undefined;
}

export interface StreamTrace {
  readonly span?: Span;
  /** Headers the upstream request carries: B3 and traceparent for the sidecar's own span. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Envoy's tracing for one stream: join the caller's trace (or start one, sampled at the
 * HCM's random_sampling), make this hop a child span, and propagate it in both B3 and W3C
 * form so apps using either keep the trace whole. Sampled streams get an OpenTelemetry span.
 */
export function startStreamTrace(tracer: Tracer, headers: IncomingHttpHeaders, samplingPercent: number | undefined, name: string): StreamTrace {
  const incoming = incomingTrace(headers);
  const sampled = incoming?.sampled ?? (samplingPercent !== undefined && Math.random() * 100 < samplingPercent);
  let span: Span | undefined;
  let traceId = incoming?.traceId ?? randomHex(16);
  let spanId = randomHex(8);
  if (sampled) {
    const parent = incoming?.spanId ? trace.setSpanContext(context.active(), { traceId, spanId: incoming.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true }) : context.active();
    span = tracer.startSpan(name, { kind: SpanKind.CLIENT }, parent);
    const sc = span.spanContext();
    if (HEX32.test(sc.traceId) && sc.traceId !== '00000000000000000000000000000000') {
      traceId = sc.traceId;
      spanId = sc.spanId;
    }
  }
  const out: Record<string, string> = {
    'x-b3-traceid': traceId,
    'x-b3-spanid': spanId,
    'x-b3-sampled': sampled ? '1' : '0',
    traceparent: `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`,
  };
  if (incoming?.spanId) out['x-b3-parentspanid'] = incoming.spanId;
  return { span, headers: out };
}
