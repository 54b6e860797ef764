import type { FastifyInstance } from 'fastify';
import type { ReportLedger, ReportsDebugView } from './report-ledger';

/** GET /debug/reports on the monitoring server: what mixer has accepted so far. */
export function registerMixerDebugRoutes(app: FastifyInstance, ledger: ReportLedger): void {
  app.get('/debug/reports', async (): Promise<ReportsDebugView> => ledger.view());
}
