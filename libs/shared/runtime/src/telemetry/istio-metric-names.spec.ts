import { createTelemetry } from './telemetry';

describe('Prometheus names', () => {
  it('keeps Istio 1.2 counter names exactly as created (no added _total)', async () => {
    const telemetry = createTelemetry({ component: 'pilot', version: 'test' });
    try {
      telemetry.meter.createCounter('pilot_xds_pushes', { description: 'pushes' }).add(3, { type: 'cds' });
      telemetry.meter.createCounter('pilot_total_xds_rejects', { description: 'rejects' }).add(1);
      telemetry.meter.createCounter('grpc_server_handled_total', { description: 'handled' }).add(2);
      const text = await telemetry.renderPrometheus();
      expect(text).toContain('# TYPE pilot_xds_pushes counter');
      expect(text).toMatch(/^pilot_xds_pushes\{type="cds"\} 3/m);
      expect(text).not.toMatch(/pilot_xds_pushes_total/);
      expect(text).toMatch(/^pilot_total_xds_rejects 1/m);
      expect(text).toMatch(/^grpc_server_handled_total 2/m);
      expect(text).not.toMatch(/_total_total/);
    } finally {
      await telemetry.shutdown();
    }
  });
});
