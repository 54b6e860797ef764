import { ReportRequest } from '@tsmesh/contracts/istio/mixer/v1/report';
import { decodeReportBatch, reportSchema, type SlotValue } from '@tsmesh/shared-attributes';
import { ReportQueue, type SealedBatch } from './report-queue';

const schema = reportSchema([
  ['request.path', 'string'],
  ['response.code', 'int64'],
]);
const report = (n: number, code?: number): SlotValue[] => [`/r/${n}`, code ?? 200];
const withoutCode = (n: number): SlotValue[] => [`/r/${n}`, undefined];
const paths = (batch: SealedBatch | undefined): unknown[] =>
  batch ? decodeReportBatch(ReportRequest.decode(batch.bytes)).map((bag) => bag.get('request.path')?.value) : [];

describe('ReportQueue', () => {
  it('seals a batch every batchSize reports and hands batches out oldest first', () => {
    const queue = new ReportQueue(10, 2);
    [1, 2, 3].forEach((n) => expect(queue.add(schema, report(n))).toBe(0));
    expect(queue.hasSealed).toBe(true);
    expect(queue.length).toBe(3);
    expect(paths(queue.take())).toEqual(['/r/1', '/r/2']);
    // Nothing sealed is left: take() seals the open batch.
    expect(queue.hasSealed).toBe(false);
    expect(paths(queue.take())).toEqual(['/r/3']);
    expect(queue.take()).toBeUndefined();
    expect(queue.length).toBe(0);
  });

  it('starts a new batch when a report lacks an attribute the open batch carries', () => {
    const queue = new ReportQueue(10, 100);
    queue.add(schema, report(1));
    queue.add(schema, withoutCode(2));
    const first = queue.take();
    expect(first?.count).toBe(1);
    const second = queue.take();
    expect(paths(second)).toEqual(['/r/2']);
    expect(decodeReportBatch(ReportRequest.decode(second?.bytes ?? new Uint8Array()))[0]?.has('response.code')).toBe(false);
  });

  it('drops the oldest batches beyond capacity, also when an unsent batch comes back', () => {
    const queue = new ReportQueue(3, 2);
    [0, 1].forEach((n) => queue.add(schema, report(n)));
    const sending = queue.take() as SealedBatch;
    [2, 3, 4].forEach((n) => expect(queue.add(schema, report(n))).toBe(0));
    expect(queue.requeue(sending)).toBe(2);
    expect(queue.length).toBe(3);
    expect([...paths(queue.take()), ...paths(queue.take())]).toEqual(['/r/2', '/r/3', '/r/4']);
  });

  it('clear() reports how many were waiting', () => {
    const queue = new ReportQueue(10, 2);
    [1, 2, 3].forEach((n) => queue.add(schema, report(n)));
    expect(queue.clear()).toBe(3);
    expect(queue.length).toBe(0);
  });
});
