import { status } from '@grpc/grpc-js';
import { ReportRequest_RepeatedAttributesSemantics as Semantics } from '@tsmesh/contracts/istio/mixer/v1/report';
import { Attr, AttributeBag } from '@tsmesh/shared-attributes';
import { freePort, waitFor } from '@tsmesh/shared-testing';
import { pino } from 'pino';
import { startFakeMixer, type FakeMixer } from './fake-mixer.test-helper';
import { createMixerReporter, type MixerReporter, type MixerReporterOptions } from './mixer-reporter';
import { MixerTransport } from './mixer-transport';

jest.setTimeout(20_000);

const request = (n: number): AttributeBag =>
  AttributeBag.of({
    'context.reporter.kind': Attr.string('inbound'),
    'destination.service.host': Attr.string('ratings.default.svc.cluster.local'),
    'request.path': Attr.string(`/ratings/${n}`),
    'response.code': Attr.int64(200),
  });
const paths = (bags: readonly AttributeBag[]): unknown[] => bags.map((bag) => bag.get('request.path')?.value);

describe('MixerReporter', () => {
  const open: { reporters: MixerReporter[]; mixers: FakeMixer[] } = { reporters: [], mixers: [] };
  const reporterFor = (address: string, options: Partial<MixerReporterOptions> = {}): MixerReporter => {
    const reporter = createMixerReporter({ address, log: pino({ level: 'silent' }), flushIntervalMs: 60_000, ...options });
    open.reporters.push(reporter);
    return reporter;
  };
  const mixerOn = async (port?: number): Promise<FakeMixer> => {
    const mixer = await startFakeMixer(port);
    open.mixers.push(mixer);
    return mixer;
  };

  afterEach(async () => {
    await Promise.all(open.reporters.splice(0).map((r) => r.close()));
    await Promise.all(open.mixers.splice(0).map((m) => m.close()));
  });

  it('sends a full batch at once as one delta-encoded Report sharing default_words', async () => {
    const mixer = await mixerOn();
    const reporter = reporterFor(mixer.server.address, { batchSize: 3 });
    [1, 2, 3].forEach((n) => reporter.report(request(n)));
    // The fake records a batch before its answer reaches the reporter: wait for the reporter.
    await waitFor(() => reporter.stats().totalReportsDelivered === 3, { what: 'one batch of 3' });

    expect(mixer.requests).toHaveLength(1);
    const [sent] = mixer.requests;
    expect(sent?.repeatedAttributesSemantics).toBe(Semantics.DELTA_ENCODING);
    expect(sent?.defaultWords).toEqual(expect.arrayContaining(['/ratings/1', 'ratings.default.svc.cluster.local']));
    // After the first entry only request.path changes.
    expect(Object.keys(sent?.attributes[2]?.strings ?? {})).toHaveLength(1);
    expect(paths(mixer.bags)).toEqual(['/ratings/1', '/ratings/2', '/ratings/3']);
    expect(mixer.bags[2]?.get('response.code')).toEqual(Attr.int64(200));
    expect(reporter.stats()).toMatchObject({ totalReportCalls: 3, totalRemoteReportCalls: 1, totalReportsDelivered: 3, buffered: 0 });
  });

  it('sends a partial batch once the flush interval passes', async () => {
    const mixer = await mixerOn();
    const reporter = reporterFor(mixer.server.address, { flushIntervalMs: 50 });
    reporter.report(request(1));
    reporter.report(request(2));
    await waitFor(() => mixer.bags.length === 2, { what: 'interval flush' });
    expect(mixer.requests).toHaveLength(1);
  });

  it('starts a new batch when an attribute disappears, since a delta cannot remove it', async () => {
    const mixer = await mixerOn();
    const reporter = reporterFor(mixer.server.address);
    reporter.report(request(1));
    reporter.report(request(2).without('response.code'));
    await reporter.flush();
    expect(mixer.requests).toHaveLength(2);
    expect(mixer.bags[1]?.has('response.code')).toBe(false);
  });

  it('buffers while mixer is down and delivers once it is up, never blocking report()', async () => {
    const port = await freePort();
    const reporter = reporterFor(`127.0.0.1:${port}`, { retryBackoff: { initialMs: 20, maxMs: 100 } });
    [1, 2, 3, 4, 5].forEach((n) => reporter.report(request(n)));
    await reporter.flush();
    expect(reporter.stats()).toMatchObject({ buffered: 5, totalReportsDelivered: 0 });
    expect(reporter.stats().totalRemoteReportSendErrors).toBeGreaterThanOrEqual(1);

    const mixer = await mixerOn(port);
    await waitFor(() => reporter.stats().totalReportsDelivered === 5, { timeoutMs: 15_000, what: 'buffered reports to arrive' });
    expect(paths(mixer.bags)).toEqual(['/ratings/1', '/ratings/2', '/ratings/3', '/ratings/4', '/ratings/5']);
    expect(reporter.stats()).toMatchObject({ buffered: 0, totalReportsDelivered: 5, totalReportsDropped: 0 });
  });

  it('drops the oldest reports when the buffer is full', async () => {
    const port = await freePort();
    const reporter = reporterFor(`127.0.0.1:${port}`, { batchSize: 2, maxBufferedReports: 3, retryBackoff: { initialMs: 20, maxMs: 100 } });
    [0, 1, 2, 3, 4].forEach((n) => reporter.report(request(n)));
    await reporter.flush();
    expect(reporter.stats()).toMatchObject({ buffered: 3, totalReportsDropped: 2 });

    const mixer = await mixerOn(port);
    await waitFor(() => mixer.bags.length === 3, { timeoutMs: 15_000, what: 'the newest 3 reports' });
    expect(paths(mixer.bags)).toEqual(['/ratings/2', '/ratings/3', '/ratings/4']);
  });

  it('drops, without retrying, a batch mixer refuses', async () => {
    const mixer = await mixerOn();
    mixer.refuseWith = status.INVALID_ARGUMENT;
    const reporter = reporterFor(mixer.server.address);
    reporter.report(request(1));
    await reporter.flush();
    expect(reporter.stats()).toMatchObject({ totalRemoteReportOtherErrors: 1, totalReportsDropped: 1, buffered: 0 });

    mixer.refuseWith = undefined;
    reporter.report(request(2));
    await reporter.flush();
    expect(paths(mixer.bags)).toEqual(['/ratings/2']);
  });

  it('sends what is buffered on close and then drops further reports', async () => {
    const mixer = await mixerOn();
    const reporter = reporterFor(mixer.server.address);
    reporter.report(request(1));
    await reporter.close();
    expect(paths(mixer.bags)).toEqual(['/ratings/1']);
    reporter.report(request(2));
    expect(reporter.stats()).toMatchObject({ totalReportsDropped: 1, buffered: 0 });
  });

  it('exposes Check for the check client to build on', async () => {
    const mixer = await mixerOn();
    const transport = new MixerTransport({ address: mixer.server.address });
    const response = await transport.check({ attributes: undefined, globalWordCount: 221, deduplicationId: 'd1', quotas: {} });
    transport.close();
    expect(response.precondition?.validUseCount).toBe(10_000);
  });
});
