import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { pino } from 'pino';
import { httpReportAttributes } from './http-report-attributes';
import { createMixerReporter } from './mixer-reporter';

// The real mixer binary (this project's test target depends on `mixer:build`): the reporter
// and mixer meet only on the wire, as a sidecar and istio-telemetry do.
const MIXER_MAIN = resolve(__dirname, '../../../../dist/apps/mixer/main.js');
jest.setTimeout(30_000);

interface ReportsView {
  reports: number;
  attributeSets: number;
  lastAttributes?: Record<string, unknown>;
}

describe('reporter -> mixer binary', () => {
  const harness = new ProcessHarness();

  beforeAll(() => {
    if (!existsSync(MIXER_MAIN)) throw new Error(`${MIXER_MAIN} is missing: run npx nx build mixer`);
  });
  afterAll(() => harness.stopAll());

  it('holds reports while mixer is down and mixer counts them once it starts', async () => {
    const grpcPort = await freePort();
    const reporter = createMixerReporter({ address: `127.0.0.1:${grpcPort}`, log: pino({ level: 'silent' }), flushIntervalMs: 100 });
    const start = new Date('2019-07-01T12:00:00.000Z');
    for (const code of [200, 200, 503]) {
      reporter.report(
        httpReportAttributes({
          reporterKind: 'inbound',
          reporterUid: 'kubernetes://reviews-v1-abc.default',
          protocol: 'http',
          source: { uid: 'kubernetes://productpage-v1-xyz.default', ip: '10.1.0.5', principal: 'cluster.local/ns/default/sa/bookinfo-productpage' },
          destination: { uid: 'kubernetes://reviews-v1-abc.default', ip: '10.1.0.9', port: 9080, namespace: 'default' },
          destinationService: { host: 'reviews.default.svc.cluster.local', name: 'reviews', namespace: 'default' },
          mtls: true,
          request: {
            method: 'GET', path: '/reviews/0?x=1', host: 'reviews:9080', scheme: 'http',
            headers: { ':authority': 'reviews:9080', 'x-request-id': 'req-1', 'user-agent': 'curl' }, size: 0, totalSize: 120, time: start,
          },
          response: { code, headers: { 'content-type': 'application/json' }, size: 10, totalSize: 90, time: new Date(start.getTime() + 12) },
        }),
      );
    }
    await reporter.flush();
    expect(reporter.stats()).toMatchObject({ buffered: 3, totalReportsDelivered: 0 });

    const mixer = harness.spawn('mixer', process.execPath, [MIXER_MAIN, '--grpc-port', String(grpcPort), '--monitoring-port', '0']);
    const [, monitoringPort] = (await mixer.waitForOutput(/"monitoring":(\d+)/, 15_000)) as RegExpMatchArray & [string, string];
    const view = await waitFor(
      async () => {
        const seen = (await (await fetch(`http://127.0.0.1:${monitoringPort}/debug/reports`)).json()) as ReportsView;
        return seen.attributeSets === 3 && seen;
      },
      { timeoutMs: 15_000, what: 'mixer to count 3 attribute sets' },
    );
    expect(view.lastAttributes).toMatchObject({
      'response.code': 503,
      'request.url_path': '/reviews/0',
      'request.query_params': { x: '1' },
      'source.ip': '10.1.0.5',
      'destination.service.host': 'reviews.default.svc.cluster.local',
      'response.duration': '0.012s',
      'connection.mtls': true,
    });
    // Mixer counts a batch before its answer reaches the reporter.
    await waitFor(() => reporter.stats().totalReportsDelivered === 3, { what: 'the reporter to see the batch acknowledged' });
    expect(reporter.stats()).toMatchObject({ buffered: 0, totalReportsDropped: 0 });
    await reporter.close();
  });
});
