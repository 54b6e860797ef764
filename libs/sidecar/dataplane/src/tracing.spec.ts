import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { startStreamTrace } from './tracing';

describe('stream tracing (B3 and W3C traceparent, Envoy-style child spans)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('sidecar');
  const noop = trace.getTracer('noop');

  it('joins a sampled B3 trace as a child: same trace id, new span id, parent = caller span', async () => {
    const t = startStreamTrace(tracer, { 'x-b3-traceid': 'a'.repeat(32), 'x-b3-spanid': 'b'.repeat(16), 'x-b3-sampled': '1' }, 0, 'reviews');
    expect(t.headers['x-b3-traceid']).toBe('a'.repeat(32));
    expect(t.headers['x-b3-parentspanid']).toBe('b'.repeat(16));
    expect(t.headers['x-b3-spanid']).not.toBe('b'.repeat(16));
    expect(t.headers['traceparent']).toBe(`00-${'a'.repeat(32)}-${t.headers['x-b3-spanid']}-01`);
    expect(t.span?.isRecording()).toBe(true);
    t.span?.end();
    await provider.forceFlush();
    const span = exporter.getFinishedSpans().at(-1);
    expect(span?.spanContext().traceId).toBe('a'.repeat(32));
    expect(span?.parentSpanContext?.spanId).toBe('b'.repeat(16));
  });

  it('continues a W3C traceparent caller in both header forms', () => {
    const t = startStreamTrace(noop, { traceparent: `00-${'c'.repeat(32)}-${'d'.repeat(16)}-00` }, 100, 'x');
    expect(t.headers).toMatchObject({ 'x-b3-traceid': 'c'.repeat(32), 'x-b3-parentspanid': 'd'.repeat(16), 'x-b3-sampled': '0' });
    expect(t.span).toBeUndefined();
  });

  it('starts a new trace when none arrives, sampled by the HCM percentage', () => {
    const never = startStreamTrace(tracer, {}, 0, 'x');
    expect(never.headers['x-b3-traceid']).toMatch(/^[0-9a-f]{32}$/);
    expect(never.headers['x-b3-sampled']).toBe('0');
    expect(never.span).toBeUndefined();
    const always = startStreamTrace(tracer, {}, 100, 'x');
    expect(always.headers['x-b3-sampled']).toBe('1');
    expect(always.span).toBeDefined();
    always.span?.end();
  });
});
