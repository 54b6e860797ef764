import type * as grpc from '@grpc/grpc-js';
import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const TRACER = 'tsmesh.grpc';

type Handler = (...args: unknown[]) => unknown;

/**
 * Wraps every method of a service so each call (or stream) is a SERVER span named after its
 * gRPC path, with OpenTelemetry's rpc.* attributes and the final status. Spans go to whatever
 * tracer provider the process registered; without one this costs next to nothing.
 */
export function traceService(definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): grpc.UntypedServiceImplementation {
  const traced: grpc.UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(definition)) {
    const handler = implementation[key] as Handler | undefined;
    if (!handler) continue;
    const [, service = '', rpc = key] = /^\/([^/]+)\/(.+)$/.exec(method.path) ?? [];
    const start = (): Span =>
      trace.getTracer(TRACER).startSpan(`${service}/${rpc}`, {
        kind: SpanKind.SERVER,
        attributes: { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': rpc },
      });
    traced[key] = (method.requestStream || method.responseStream ? tracedStream(handler, start) : tracedUnary(handler, start)) as grpc.UntypedHandleCall;
  }
  return traced;
}

function finish(span: Span, code: number, message?: string): void {
  span.setAttribute('rpc.grpc.status_code', code);
  if (code !== 0) span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.end();
}

function tracedUnary(handler: Handler, start: () => Span): Handler {
  return (call: unknown, callback: unknown) => {
    const span = start();
    const done = callback as (err: { code?: number; details?: string; message?: string } | null, ...rest: unknown[]) => void;
    return handler(call, (err: { code?: number; details?: string; message?: string } | null, ...rest: unknown[]) => {
      finish(span, err ? (err.code ?? 2) : 0, err?.details ?? err?.message);
      done(err, ...rest);
    });
  };
}

function tracedStream(handler: Handler, start: () => Span): Handler {
  return (call: unknown) => {
    const span = start();
    const stream = call as NodeJS.EventEmitter;
    let ended = false;
    const end = (code: number, message?: string): void => {
      if (ended) return;
      ended = true;
      finish(span, code, message);
    };
    stream.once('finish', () => end(0));
    stream.once('cancelled', () => end(1, 'cancelled'));
    stream.once('error', (err: { code?: number; message?: string }) => end(err.code ?? 2, err.message));
    return handler(call);
  };
}
