import { Attr, AttributeBag } from '@tsmesh/shared-attributes';
import Fastify from 'fastify';
import { registerMixerDebugRoutes } from './debug-routes';
import { ReportLedger } from './report-ledger';

describe('GET /debug/reports', () => {
  it('shows counts, and the last attribute set once there is one', async () => {
    const ledger = new ReportLedger();
    const app = Fastify();
    registerMixerDebugRoutes(app, ledger);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect(await (await fetch(`${base}/debug/reports`)).json()).toEqual({ reports: 0, attributeSets: 0 });

      ledger.record([
        AttributeBag.of({ 'request.path': Attr.string('/a') }),
        AttributeBag.of({ 'request.path': Attr.string('/b'), 'source.ip': Attr.ip('10.0.0.1'), 'response.code': Attr.int64(404) }),
      ]);
      const response = await fetch(`${base}/debug/reports`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        reports: 1,
        attributeSets: 2,
        lastAttributes: { 'request.path': '/b', 'source.ip': '10.0.0.1', 'response.code': 404 },
      });
    } finally {
      await app.close();
    }
  });
});
