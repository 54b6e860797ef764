import { CompressedAttributes } from '@tsmesh/contracts/istio/mixer/v1/attributes';
import { isMeshError } from '@tsmesh/shared-errors';
import { AttributeBag } from './attribute-bag';
import { Attr, attributeValuesEqual } from './attribute-value';
import { decodeAttributes } from './decode';
import { ISTIO_1_2_GLOBAL_DICTIONARY } from './dictionaries';
import { emptyCompressedAttributes, encodeAttributes } from './encode';
import { AttributeDecodeError } from './errors';

// Encodes, serialises to protobuf bytes and back (as a real gRPC hop would), then decodes.
function roundTrip(bag: AttributeBag): AttributeBag {
  const wire = CompressedAttributes.encode(encodeAttributes(bag)).finish();
  return decodeAttributes(CompressedAttributes.decode(wire));
}

function expectSameBag(actual: AttributeBag, expected: AttributeBag): void {
  expect(actual.names()).toEqual(expected.names());
  for (const [name, value] of expected) {
    const got = actual.get(name);
    expect({ name, same: got !== undefined && attributeValuesEqual(got, value) }).toEqual({ name, same: true });
  }
}

function decodeError(message: Partial<ReturnType<typeof emptyCompressedAttributes>>): InstanceType<typeof AttributeDecodeError> {
  try {
    decodeAttributes({ ...emptyCompressedAttributes(), ...message });
  } catch (err) {
    if (isMeshError(err, AttributeDecodeError)) return err;
    throw err;
  }
  throw new Error('decoding succeeded');
}

describe('CompressedAttributes codec', () => {
  const requestTime = new Date('2019-06-18T10:11:12.345Z');
  const full = AttributeBag.of({
    'source.ip': Attr.ip('10.1.2.3'),
    'destination.port': Attr.int64(9080),
    'request.path': Attr.string('/productpage'),
    'request.method': Attr.string('GET'),
    'request.size': Attr.int64(9_007_199_254_740_993n),
    'request.time': Attr.timestamp(requestTime),
    'response.duration': Attr.durationNanos(1_500_000_123n),
    'connection.duration': Attr.durationNanos(-2_000_000_500n),
    'connection.mtls': Attr.bool(true),
    'custom.ratio': Attr.double(0.25),
    'custom.blob': Attr.bytes(Uint8Array.from([0, 255, 7])),
    'request.headers': Attr.stringMap({ ':authority': 'reviews:9080', 'x-custom-header': 'custom value', host: 'reviews' }),
  });

  it('round-trips every value kind through protobuf bytes', () => {
    expectSameBag(roundTrip(full), full);
  });

  it('round-trips the empty bag', () => {
    expect(roundTrip(AttributeBag.empty).size).toBe(0);
  });

  it('refers to global dictionary words by their non-negative index and to other words by -1 - i', () => {
    const encoded = encodeAttributes(full);
    const global = (word: string): number => ISTIO_1_2_GLOBAL_DICTIONARY.indexOf(word) ?? NaN;
    expect(global('source.ip')).toBe(0);
    expect(encoded.strings[global('request.path')]).toBe(-1 - encoded.words.indexOf('/productpage'));
    expect(encoded.strings[global('request.method')]).toBe(global('GET'));
    expect(encoded.int64s[global('destination.port')]).toBe('9080');
    expect(encoded.bytes[0]).toEqual(Buffer.from([10, 1, 2, 3]));
    expect(encoded.words).not.toContain('request.path');
    expect(encoded.words).toContain('custom.ratio');
    const headers = encoded.stringMaps[global('request.headers')]?.entries ?? {};
    expect(headers[global(':authority')]).toBe(-1 - encoded.words.indexOf('reviews:9080'));
    expect(headers[global('host')]).toBe(-1 - encoded.words.indexOf('reviews'));
    // Each word is listed once however often it is used.
    expect(new Set(encoded.words).size).toBe(encoded.words.length);
  });

  it('decodes a hand-built message exactly as Istio defines the indices', () => {
    const bag = decodeAttributes({
      ...emptyCompressedAttributes(),
      words: ['my.attr', 'hello'],
      strings: { 2: -2, [-1]: 92 }, // source.name = "hello", my.attr = "http"
      durations: { 29: { seconds: '1', nanos: 500_000_000 } }, // response.duration
    });
    expect(bag.get('source.name')).toEqual(Attr.string('hello'));
    expect(bag.get('my.attr')).toEqual(Attr.string('http'));
    expect(bag.get('response.duration')).toEqual(Attr.durationNanos(1_500_000_000n));
  });
});

describe('CompressedAttributes decode errors', () => {
  it('names an out-of-range message word index and the field', () => {
    const err = decodeError({ words: ['a', 'b', 'c'], int64s: { [-4]: '1' } });
    expect(err.code).toBe('TSM_ATTRIBUTES_INVALID');
    expect(err.field).toBe('int64s');
    expect(err.message).toMatch(/attribute name index -4 is out of range: the message has 3 words \(-1\.\.-3\), the global dictionary 221/);
  });

  it('names an out-of-range global index used as a string value', () => {
    const err = decodeError({ strings: { 0: 500 } });
    expect(err.field).toBe('strings');
    expect(err.message).toMatch(/value of "source.ip": word index 500 is out of range: the message has no words/);
  });

  it('names the string map and the key index', () => {
    const err = decodeError({ stringMaps: { 15: { entries: { [-7]: 1 } } } });
    expect(err.field).toBe('string_maps["request.headers"]');
    expect(err.message).toMatch(/map key word index -7 is out of range/);
  });

  it('rejects an attribute given in two value maps', () => {
    const err = decodeError({ strings: { 2: 90 }, int64s: { 2: '5' } });
    expect(err.message).toBe('attribute "source.name" is given twice (in strings and int64s)');
    expect(err.grpcStatus).toBe(3); // INVALID_ARGUMENT
  });

  it('prefixes the field with the message path', () => {
    try {
      decodeAttributes({ ...emptyCompressedAttributes(), bools: { 9999: true } }, { path: 'attributes[4].' });
      throw new Error('decoding succeeded');
    } catch (err) {
      expect(isMeshError(err, AttributeDecodeError) && err.field).toBe('attributes[4].bools');
    }
  });
});
