import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { CheckRequest, CheckResponse } from '@tsmesh/contracts/istio/mixer/v1/check';
import { ReportRequest } from '@tsmesh/contracts/istio/mixer/v1/report';
import { MixerClient } from '@tsmesh/contracts/istio/mixer/v1/service';
import { Attr, AttributeBag, emptyCompressedAttributes, encodeAttributes, ReportBatchWriter } from '@tsmesh/shared-attributes';
import { createGrpcClient, startGrpcServer, type GrpcServerHandle } from '@tsmesh/shared-runtime';
import { pino } from 'pino';
import { createMixerService, type MixerServiceHandle } from './mixer-service';

// Lets a test collect metrics on demand; there is nothing to flush or shut down.
class ProbeReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

async function counterValue(reader: ProbeReader, name: string, labels: Record<string, string>): Promise<number> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  const points = (metric?.dataPoints ?? []) as { attributes: Record<string, unknown>; value: unknown }[];
  const point = points.find((p) => Object.entries(labels).every(([k, v]) => p.attributes[k] === v));
  return typeof point?.value === 'number' ? point.value : 0;
}

const bag = (path: string, code: number): AttributeBag =>
  AttributeBag.of({
    'source.uid': Attr.string('kubernetes://productpage-v1.default'),
    'destination.service.host': Attr.string('reviews.default.svc.cluster.local'),
    'request.path': Attr.string(path),
    'response.code': Attr.int64(code),
    'request.headers': Attr.stringMap({ ':authority': 'reviews:9080', 'x-request-id': 'abc' }),
  });

describe('Mixer gRPC service', () => {
  let reader: ProbeReader;
  let service: MixerServiceHandle;
  let server: GrpcServerHandle;
  let client: MixerClient;
  const dispatched: AttributeBag[] = [];
  let failDispatch = false;

  const report = (request: ReportRequest): Promise<void> =>
    new Promise((resolve, reject) => client.report(request, (err) => (err ? reject(err) : resolve())));
  const check = (request: CheckRequest): Promise<CheckResponse> =>
    new Promise((resolve, reject) => client.check(request, new Metadata(), {}, (err, res) => (err ? reject(err) : resolve(res))));
  const failure = (promise: Promise<unknown>): Promise<ServiceError> =>
    promise.then(
      () => Promise.reject(new Error('call succeeded')),
      (err: ServiceError) => err,
    );

  beforeAll(async () => {
    reader = new ProbeReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('mixer-test');
    service = createMixerService({
      log: pino({ level: 'silent' }),
      meter,
      dispatch: async (attributes) => {
        if (failDispatch) throw new Error('adapter down');
        dispatched.push(attributes);
      },
    });
    server = await startGrpcServer({ host: '127.0.0.1', port: 0, services: [service] });
    client = createGrpcClient(MixerClient, server.address);
  });

  afterAll(async () => {
    client.close();
    await server.close(100);
  });

  beforeEach(() => {
    dispatched.length = 0;
    failDispatch = false;
  });

  it('decodes a delta-encoded Report batch, counts it and dispatches every attribute set', async () => {
    const before = service.ledger.view();
    const encoder = new ReportBatchWriter();
    for (const b of [bag('/reviews/0', 200), bag('/reviews/1', 200), bag('/reviews/1', 503)]) expect(encoder.addBag(b)).toBe(true);
    await report(ReportRequest.decode(encoder.finish()));

    expect(dispatched.map((b) => [b.get('request.path')?.value, b.get('response.code')?.value])).toEqual([
      ['/reviews/0', 200n],
      ['/reviews/1', 200n],
      ['/reviews/1', 503n],
    ]);
    const view = service.ledger.view();
    expect(view.reports).toBe(before.reports + 1);
    expect(view.attributeSets).toBe(before.attributeSets + 3);
    expect(view.lastAttributes).toMatchObject({ 'request.path': '/reviews/1', 'response.code': 503 });
    expect(await counterValue(reader, 'grpc_server_handled_total', { grpc_method: 'Report', grpc_code: 'OK' })).toBeGreaterThanOrEqual(1);
    expect(await counterValue(reader, 'mixer_runtime_dispatches_total', { meshFunction: 'report', error: 'false' })).toBeGreaterThanOrEqual(3);
    expect(await counterValue(reader, 'tsmesh_mixer_report_attribute_sets_total', {})).toBeGreaterThanOrEqual(3);
  });

  it('answers Check with OK and Istio 1.2 default validity, granting unconfigured quotas', async () => {
    const response = await check({
      attributes: encodeAttributes(bag('/details', 200)),
      globalWordCount: 221,
      deduplicationId: 'req-1',
      quotas: { requestcount: { amount: '3', bestEffort: false } },
    });
    expect(response.precondition?.status?.code).toBe(status.OK);
    expect(response.precondition?.validDuration).toEqual({ seconds: '60', nanos: 0 });
    expect(response.precondition?.validUseCount).toBe(10_000);
    expect(response.quotas['requestcount']?.grantedAmount).toBe('3');
  });

  it('rejects undecodable Report attributes with INVALID_ARGUMENT naming index and field, dispatching nothing', async () => {
    const before = service.ledger.view();
    const err = await failure(
      report({
        attributes: [encodeAttributes(bag('/ok', 200)), { ...emptyCompressedAttributes(), strings: { 17: -9 } }],
        repeatedAttributesSemantics: 1,
        defaultWords: [],
        globalWordCount: 221,
      }),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^TSM_ATTRIBUTES_INVALID: attributes\[1\]\.strings: value of "request\.path": word index -9 is out of range/);
    expect(dispatched).toEqual([]);
    expect(service.ledger.view()).toEqual(before);
    expect(await counterValue(reader, 'grpc_server_handled_total', { grpc_method: 'Report', grpc_code: 'InvalidArgument' })).toBe(1);
  });

  it('rejects a Check whose caller claims a larger global dictionary', async () => {
    const err = await failure(check({ attributes: emptyCompressedAttributes(), globalWordCount: 999, deduplicationId: '', quotas: {} }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain('global_word_count: inconsistent global dictionary versions used: mixer knows 221 words, caller knows 999');
    // Still serving after the bad requests.
    expect((await check({ attributes: undefined, globalWordCount: 0, deduplicationId: '', quotas: {} })).precondition?.validUseCount).toBe(10_000);
  });

  it('reports dispatch failures as UNKNOWN, as mixer 1.2 does', async () => {
    failDispatch = true;
    const encoder = new ReportBatchWriter();
    encoder.addBag(bag('/x', 200));
    const err = await failure(report(ReportRequest.decode(encoder.finish())));
    expect(err.code).toBe(status.UNKNOWN);
    expect(err.details).toContain('1 of 1 attribute sets failed: attributes[0]: adapter down');
  });
});
