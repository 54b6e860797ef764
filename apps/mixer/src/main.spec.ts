import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ReportRequest } from '@tsmesh/contracts/istio/mixer/v1/report';
import { MixerClient } from '@tsmesh/contracts/istio/mixer/v1/service';
import { Attr, AttributeBag, emptyCompressedAttributes, ReportBatchWriter } from '@tsmesh/shared-attributes';
import { createGrpcClient } from '@tsmesh/shared-runtime';
import { ProcessHarness } from '@tsmesh/shared-testing';

// The built binary (this project's test target depends on its build), run as an operator would.
const MAIN = resolve(__dirname, '../../../dist/apps/mixer/main.js');
jest.setTimeout(30_000);

const report = (client: MixerClient, request: ReportRequest): Promise<ServiceError | null> =>
  new Promise((done) => client.report(request, new Metadata(), { deadline: Date.now() + 5_000 }, (err) => done(err)));

describe('mixer binary', () => {
  const harness = new ProcessHarness();

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build mixer`);
  });
  afterEach(() => harness.stopAll());

  it('accepts Reports, shows them on /debug/reports and /metrics, rejects bad ones, and exits 0 on SIGTERM', async () => {
    const mixer = harness.spawn('mixer', process.execPath, [MAIN, '--grpc-port', '0', '--monitoring-port', '0']);
    const [, monitoringPort] = (await mixer.waitForOutput(/"monitoring":(\d+)/, 15_000)) as RegExpMatchArray & [string, string];
    const base = `http://127.0.0.1:${monitoringPort}`;
    const statusPage = (await (await fetch(`${base}/debug/status`)).json()) as { ports: { grpc: number } };
    const client = createGrpcClient(MixerClient, `127.0.0.1:${statusPage.ports.grpc}`);

    const encoder = new ReportBatchWriter();
    encoder.addBag(AttributeBag.of({ 'request.path': Attr.string('/ratings/1'), 'response.code': Attr.int64(200) }));
    encoder.addBag(AttributeBag.of({ 'request.path': Attr.string('/ratings/2'), 'response.code': Attr.int64(200) }));
    expect(await report(client, ReportRequest.decode(encoder.finish()))).toBeNull();

    const bad = await report(client, {
      attributes: [{ ...emptyCompressedAttributes(), int64s: { 4000: '1' } }],
      repeatedAttributesSemantics: 0,
      defaultWords: [],
      globalWordCount: 221,
    });
    expect(bad?.code).toBe(status.INVALID_ARGUMENT);
    expect(bad?.details).toContain('attributes[0].int64s: attribute name index 4000 is out of range');
    client.close();

    expect(await (await fetch(`${base}/debug/reports`)).json()).toEqual({
      reports: 1,
      attributeSets: 2,
      lastAttributes: { 'request.path': '/ratings/2', 'response.code': 200 },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/grpc_server_handled_total\{[^}]*grpc_method="Report"[^}]*grpc_code="OK"[^}]*\} 1/);
    expect(metrics).toMatch(/grpc_server_handled_total\{[^}]*grpc_method="Report"[^}]*grpc_code="InvalidArgument"[^}]*\} 1/);
    expect(metrics).toMatch(/tsmesh_mixer_report_attribute_sets_total\S* 2/);

    mixer.signal('SIGTERM');
    expect(await mixer.waitForExit()).toEqual({ code: 0, signal: null });
  });

  it('exits 2 naming a bad flag', async () => {
    const badFlag = harness.spawn('mixer', process.execPath, [MAIN, '--max-message-size', 'huge']);
    expect((await badFlag.waitForExit()).code).toBe(2);
    expect(badFlag.output()).toContain('mixer: TSM_CONFIG_INVALID: --max-message-size');
  });
});
