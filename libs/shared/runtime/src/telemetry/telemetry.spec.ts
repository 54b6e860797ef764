import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createTelemetry, type Telemetry } from './telemetry';

/** Every non-comment line of the Prometheus text format: `name{labels} value`. */
const SAMPLE_LINE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$/;

describe('createTelemetry', () => {
  let telemetry: Telemetry;
  const spans = new InMemorySpanExporter();

  beforeAll(() => {
    telemetry = createTelemetry({
      component: 'pilot',
      version: '1.2.3',
      spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
    });
  });
  afterAll(() => telemetry.shutdown());

  it('renders valid Prometheus text with the standard gauges and component instruments', async () => {
    telemetry.meter.createCounter('tsmesh_pilot_pushes_total', { description: 'xDS pushes' }).add(2, { type: 'cds' });
    const text = await telemetry.renderPrometheus();
    expect(text).toContain('tsmesh_build_info{component="pilot",version="1.2.3"');
    expect(text).toMatch(/^# TYPE tsmesh_build_info gauge$/m);
    expect(text).toMatch(/^process_start_time_seconds(\{[^}]*\})? \d+(\.\d+)?$/m);
    expect(text).toMatch(/^tsmesh_pilot_pushes_total\{[^}]*type="cds"[^}]*\} 2$/m);
    expect(text).toContain('target_info{service_name="pilot"');
    for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) {
      expect(line).toMatch(SAMPLE_LINE);
    }
  });

  it('exports spans with the component as service.name', () => {
    telemetry.tracer.startSpan('push').end();
    const [span] = spans.getFinishedSpans();
    expect(span?.name).toBe('push');
    expect(span?.resource.attributes['service.name']).toBe('pilot');
  });
});
