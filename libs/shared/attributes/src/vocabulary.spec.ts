import { isMeshError, ValidationError } from '@tsmesh/shared-errors';
import { AttributeBag } from './attribute-bag';
import { Attr } from './attribute-value';
import { attributeBagToJson } from './attribute-json';
import { formatIpAddress, parseIpAddress } from './ip-address';
import { ISTIOPROXY_ATTRIBUTE_MANIFEST, KUBERNETES_ATTRIBUTE_MANIFEST } from './standard-manifests';
import { parseValueType, ValueType, wireKindOf } from './value-type';
import { AttributeVocabulary, STANDARD_ATTRIBUTE_VOCABULARY } from './vocabulary';

describe('standard attribute vocabulary', () => {
  it('declares the istioproxy and kubernetes manifests of Istio 1.2', () => {
    expect(Object.keys(ISTIOPROXY_ATTRIBUTE_MANIFEST.attributes)).toHaveLength(63);
    expect(Object.keys(KUBERNETES_ATTRIBUTE_MANIFEST.attributes)).toHaveLength(26);
    expect(STANDARD_ATTRIBUTE_VOCABULARY.typeOf('request.headers')).toBe(ValueType.STRING_MAP);
    expect(STANDARD_ATTRIBUTE_VOCABULARY.typeOf('response.duration')).toBe(ValueType.DURATION);
    expect(STANDARD_ATTRIBUTE_VOCABULARY.typeOf('source.ip')).toBe(ValueType.IP_ADDRESS);
    expect(STANDARD_ATTRIBUTE_VOCABULARY.manifestOf('destination.service.host')).toBe('kubernetes');
    expect(STANDARD_ATTRIBUTE_VOCABULARY.typeOf('no.such.attribute')).toBeUndefined();
  });

  it('reports a name declared with two types by two manifests', () => {
    const clash = { name: 'custom', attributes: { 'request.path': ValueType.INT64 } };
    try {
      AttributeVocabulary.fromManifests([ISTIOPROXY_ATTRIBUTE_MANIFEST, clash]);
      throw new Error('no conflict reported');
    } catch (err) {
      expect(isMeshError(err, ValidationError)).toBe(true);
      expect((err as Error).message).toBe('attribute "request.path" is STRING in manifest "istioproxy" but INT64 in manifest "custom"');
    }
  });

  it('extends a vocabulary with users\' manifests, the later declaration winning', () => {
    const user = { name: 'custom', attributes: { 'my.tenant': ValueType.STRING, 'request.path': ValueType.INT64 } };
    const extended = STANDARD_ATTRIBUTE_VOCABULARY.extendedWith([user]);
    expect(extended.typeOf('my.tenant')).toBe(ValueType.STRING);
    expect(extended.manifestOf('my.tenant')).toBe('custom');
    expect(extended.typeOf('request.path')).toBe(ValueType.INT64);
    expect(extended.typeOf('source.ip')).toBe(ValueType.IP_ADDRESS);
    expect(STANDARD_ATTRIBUTE_VOCABULARY.typeOf('my.tenant')).toBeUndefined();
    expect(STANDARD_ATTRIBUTE_VOCABULARY.extendedWith([])).toBe(STANDARD_ATTRIBUTE_VOCABULARY);
  });

  it('maps value types to their wire shapes', () => {
    expect(parseValueType('EMAIL_ADDRESS')).toBe(ValueType.EMAIL_ADDRESS);
    expect(parseValueType('BYTES')).toBeUndefined();
    expect(wireKindOf(ValueType.IP_ADDRESS)).toBe('bytes');
    expect(wireKindOf(ValueType.DNS_NAME)).toBe('string');
  });
});

describe('attribute JSON view and IP addresses', () => {
  it('renders a bag readably', () => {
    const bag = AttributeBag.of({
      'source.ip': Attr.ip('10.0.0.7'),
      'destination.ip': Attr.ip('fe80::1:2'),
      'request.time': Attr.timestamp(Date.UTC(2019, 5, 1)),
      'response.duration': Attr.durationMs(1500),
      'request.size': Attr.int64(2n ** 62n),
    });
    expect(attributeBagToJson(bag)).toEqual({
      'destination.ip': 'fe80::1:2',
      'request.size': '4611686018427387904',
      'request.time': '2019-06-01T00:00:00.000Z',
      'response.duration': '1.5s',
      'source.ip': '10.0.0.7',
    });
  });

  it('parses and formats v4, v6 and v4-mapped addresses', () => {
    expect(Array.from(parseIpAddress('::ffff:10.1.2.3').slice(10))).toEqual([255, 255, 10, 1, 2, 3]);
    expect(formatIpAddress(parseIpAddress('2001:db8::8:800:200c:417a'))).toBe('2001:db8::8:800:200c:417a');
    expect(formatIpAddress(parseIpAddress('::'))).toBe('::');
    expect(formatIpAddress(Uint8Array.from([1, 2]))).toBeUndefined();
    expect(() => parseIpAddress('not-an-ip')).toThrow('"not-an-ip" is not an IP address');
  });

  it('keeps bags immutable', () => {
    const bag = AttributeBag.of({ a: Attr.string('1') });
    const changed = bag.with('b', Attr.bool(true)).without('a');
    expect(bag.names()).toEqual(['a']);
    expect(changed.names()).toEqual(['b']);
    expect(Object.isFrozen(bag.get('a'))).toBe(true);
  });
});
