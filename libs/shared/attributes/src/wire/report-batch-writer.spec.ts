import { ReportRequest, ReportRequest_RepeatedAttributesSemantics as Semantics } from '@tsmesh/contracts/istio/mixer/v1/report';
import { attributeBagToJson } from '../attribute-json';
import { AttributeBag } from '../attribute-bag';
import { Attr } from '../attribute-value';
import { ISTIO_1_2_GLOBAL_DICTIONARY } from '../dictionaries';
import { decodeReportBatch } from '../report-batch';
import { ReportBatchWriter } from './report-batch-writer';
import { bagFromSlots, reportSchema, slotsFromBag, type SlotValue } from './report-slots';

const schema = reportSchema([
  ['request.path', 'string'],
  ['response.code', 'int64'],
  ['source.ip', 'ip'],
  ['request.headers', 'stringMap'],
  ['request.time', 'timestamp'],
  ['response.duration', 'duration'],
  ['connection.mtls', 'bool'],
  ['custom.ratio', 'double'],
  ['custom.blob', 'bytes'],
  ['custom.word', 'string'],
]);

const labels = { app: 'reviews', version: 'v2' };
function report(path: string, code: number, extra: Partial<Record<number, SlotValue>> = {}): SlotValue[] {
  const values: SlotValue[] = [path, code, '10.1.2.3', { ':authority': 'reviews:9080', 'x-request-id': `id-${path}` }, 1_732_000_000_123, 12.345678, false, 0.5, Uint8Array.of(1, 2, 3), 'a word nobody knows'];
  for (const [i, v] of Object.entries(extra)) values[Number(i)] = v;
  return values;
}

function roundTrip(bytes: Uint8Array): { request: ReportRequest; bags: AttributeBag[] } {
  const request = ReportRequest.decode(bytes);
  return { request, bags: decodeReportBatch(request) };
}

const json = (bags: AttributeBag[]) => bags.map((b) => attributeBagToJson(b));

describe('ReportBatchWriter', () => {
  it('writes bytes mixer decodes back to exactly the reported attributes, entry by entry', () => {
    const reports = [report('/a', 200), report('/b', 200), report('/b', 503, { 2: 'fd00::1:2', 5: -0.25, 6: true }), report('/c', 200, { 7: 0.75 })];
    const writer = new ReportBatchWriter();
    for (const values of reports) expect(writer.add(schema, values)).toBe(true);
    expect(writer.count).toBe(4);
    const { request, bags } = roundTrip(writer.finish());
    expect(request.repeatedAttributesSemantics).toBe(Semantics.DELTA_ENCODING);
    expect(request.globalWordCount).toBe(ISTIO_1_2_GLOBAL_DICTIONARY.size);
    expect(json(bags)).toEqual(json(reports.map((values) => bagFromSlots(schema, values))));
  });

  it('delta-encodes: an entry carries only what changed, and new words go to default_words once', () => {
    const writer = new ReportBatchWriter();
    const shared = report('/same', 200, { 3: labels });
    writer.add(schema, shared);
    writer.add(schema, [...shared]);
    const { request } = roundTrip(writer.finish());
    const second = request.attributes[1];
    // Same plain values and the same map object: nothing to send.
    expect(Object.keys(second?.strings ?? {})).toEqual([]);
    expect(Object.keys(second?.stringMaps ?? {})).toEqual([]);
    expect(request.defaultWords.filter((w) => w === 'a word nobody knows')).toHaveLength(1);
    expect(request.attributes[0]?.words).toEqual([]);
  });

  it('refuses a report that drops an attribute the batch already carries, and accepts it in a new batch', () => {
    const writer = new ReportBatchWriter();
    writer.add(schema, report('/a', 200));
    const withoutCode = report('/b', 200, { 1: undefined });
    expect(writer.add(schema, withoutCode)).toBe(false);
    expect(writer.count).toBe(1);
    const fresh = new ReportBatchWriter();
    expect(fresh.add(schema, withoutCode)).toBe(true);
    expect(json(roundTrip(fresh.finish()).bags)[0]).not.toHaveProperty('response.code');
  });

  it('keeps delta-encoding across schemas while nothing is dropped, as bags converted to slots do', () => {
    const first = AttributeBag.of({ 'source.uid': Attr.string('kubernetes://a.default'), 'response.code': Attr.int64(200) });
    const second = first.with('connection.received.bytes', Attr.int64(99n)).with('response.duration', Attr.durationNanos(1_500_000_001n));
    const writer = new ReportBatchWriter();
    for (const bag of [first, second]) {
      const { schema: s, values } = slotsFromBag(bag);
      expect(writer.add(s, values)).toBe(true);
    }
    const dropping = slotsFromBag(AttributeBag.of({ 'response.code': Attr.int64(500) }));
    expect(writer.add(dropping.schema, dropping.values)).toBe(false);
    expect(json(roundTrip(writer.finish()).bags)).toEqual(json([first, second]));
  });

  it('gives bags with the same names and kinds one shared schema', () => {
    const a = slotsFromBag(AttributeBag.of({ 'request.path': Attr.string('/x') }));
    const b = slotsFromBag(AttributeBag.of({ 'request.path': Attr.string('/y') }));
    expect(a.schema).toBe(b.schema);
  });
});
