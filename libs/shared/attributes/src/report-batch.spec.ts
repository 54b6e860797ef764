import { ReportRequest, ReportRequest_RepeatedAttributesSemantics as Semantics } from '@tsmesh/contracts/istio/mixer/v1/report';
import { isMeshError } from '@tsmesh/shared-errors';
import { AttributeBag } from './attribute-bag';
import { Attr } from './attribute-value';
import { attributeBagToJson } from './attribute-json';
import { emptyCompressedAttributes, encodeAttributes } from './encode';
import { AttributeDecodeError } from './errors';
import { decodeReportBatch } from './report-batch';
import { ReportBatchWriter } from './wire/report-batch-writer';

const base = AttributeBag.of({
  'source.uid': Attr.string('kubernetes://productpage-v1-abc.default'),
  'destination.service.host': Attr.string('reviews.default.svc.cluster.local'),
  'request.path': Attr.string('/reviews/0'),
  'response.code': Attr.int64(200),
});

function viaWire(request: ReportRequest): ReportRequest {
  return ReportRequest.decode(ReportRequest.encode(request).finish());
}

function rejection(request: Partial<ReportRequest>): InstanceType<typeof AttributeDecodeError> {
  const full: ReportRequest = { attributes: [], repeatedAttributesSemantics: 0, defaultWords: [], globalWordCount: 0, ...request };
  try {
    decodeReportBatch(full);
  } catch (err) {
    if (isMeshError(err, AttributeDecodeError)) return err;
    throw err;
  }
  throw new Error('decoding succeeded');
}

describe('decodeReportBatch', () => {
  it('applies each delta entry on top of the previous one, words coming from default_words', () => {
    const request: ReportRequest = {
      repeatedAttributesSemantics: Semantics.DELTA_ENCODING,
      defaultWords: ['/a', '/b', 'custom.flag'],
      globalWordCount: 221,
      attributes: [
        { ...emptyCompressedAttributes(), strings: { 17: -1 }, int64s: { 30: '200' } }, // request.path=/a, response.code
        { ...emptyCompressedAttributes(), strings: { 17: -2 } }, // only request.path changes
        { ...emptyCompressedAttributes(), words: ['own.word'], bools: { [-1]: true } }, // own words win
      ],
    };
    const bags = decodeReportBatch(viaWire(request)).map((bag) => attributeBagToJson(bag));
    expect(bags).toEqual([
      { 'request.path': '/a', 'response.code': 200 },
      { 'request.path': '/b', 'response.code': 200 },
      { 'request.path': '/b', 'response.code': 200, 'own.word': true },
    ]);
  });

  it('keeps entries apart under INDEPENDENT_ENCODING', () => {
    const request: ReportRequest = {
      repeatedAttributesSemantics: Semantics.INDEPENDENT_ENCODING,
      defaultWords: ['/a'],
      globalWordCount: 221,
      attributes: [
        { ...emptyCompressedAttributes(), strings: { 17: -1 } },
        { ...emptyCompressedAttributes(), int64s: { 30: '503' } },
      ],
    };
    expect(decodeReportBatch(request).map((bag) => attributeBagToJson(bag))).toEqual([{ 'request.path': '/a' }, { 'response.code': 503 }]);
  });

  it('rejects a caller that knows more global words than mixer', () => {
    const err = rejection({ globalWordCount: 300 });
    expect(err.field).toBe('global_word_count');
    expect(err.message).toBe('inconsistent global dictionary versions used: mixer knows 221 words, caller knows 300');
  });

  it('names the entry whose index is out of range', () => {
    const err = rejection({
      defaultWords: ['x'],
      attributes: [{ ...emptyCompressedAttributes(), strings: { 17: -1 } }, { ...emptyCompressedAttributes(), strings: { 17: -2 } }],
    });
    expect(err.field).toBe('attributes[1].strings');
    expect(err.message).toMatch(/word index -2 is out of range: the message has 1 words/);
  });

  it('rejects unknown repeated_attributes_semantics', () => {
    expect(rejection({ repeatedAttributesSemantics: Semantics.UNRECOGNIZED }).field).toBe('repeated_attributes_semantics');
  });
});

describe('ReportBatchWriter (what decodeReportBatch reads back)', () => {
  const next = base.with('request.path', Attr.string('/reviews/1')).with('response.duration', Attr.durationMs(12.5));

  it('sends only what changed after the first entry and shares one word list', () => {
    const writer = new ReportBatchWriter();
    expect(writer.addBag(base)).toBe(true);
    expect(writer.addBag(next)).toBe(true);
    expect(writer.addBag(next)).toBe(true);
    const request = ReportRequest.decode(writer.finish());
    expect(request.repeatedAttributesSemantics).toBe(Semantics.DELTA_ENCODING);
    expect(request.globalWordCount).toBe(221);
    expect(request.attributes.every((entry) => entry.words.length === 0)).toBe(true);
    expect(request.defaultWords).toEqual(expect.arrayContaining(['/reviews/0', '/reviews/1']));
    expect(Object.keys(request.attributes[1]?.strings ?? {})).toEqual(['17']);
    expect(Object.keys(request.attributes[1]?.durations ?? {})).toEqual(['29']);
    expect(Object.keys(request.attributes[2]?.strings ?? {})).toEqual([]);

    const decoded = decodeReportBatch(request).map((bag) => attributeBagToJson(bag));
    expect(decoded).toEqual([attributeBagToJson(base), attributeBagToJson(next), attributeBagToJson(next)]);
  });

  it('refuses a bag that drops an attribute, since a delta cannot remove one', () => {
    const writer = new ReportBatchWriter();
    writer.addBag(next);
    expect(writer.addBag(base)).toBe(false);
    expect(writer.count).toBe(1);
  });

  it('decodes every entry on its own under INDEPENDENT_ENCODING', () => {
    const request: ReportRequest = {
      attributes: [encodeAttributes(next), encodeAttributes(base)],
      repeatedAttributesSemantics: Semantics.INDEPENDENT_ENCODING,
      defaultWords: [],
      globalWordCount: 221,
    };
    const decoded = decodeReportBatch(viaWire(request)).map((bag) => attributeBagToJson(bag));
    expect(decoded).toEqual([attributeBagToJson(next), attributeBagToJson(base)]);
  });
});
