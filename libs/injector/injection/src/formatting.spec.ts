import { formatGoDuration, parseGoDuration } from './go-duration';
import { goJsonMarshal, goJsonStringMap } from './go-json';
import { canonicalQuantity, milliValue, quantityError } from './resource-quantity';

describe('Go duration format', () => {
  it.each([
    [45_000, '45s'],
    [60_000, '1m0s'],
    [3_600_000, '1h0m0s'],
    [5_400_500, '1h30m0.5s'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [250, '250ms'],
    [0, '0s'],
  ])('%d ms prints as %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  it.each([
    ['45s', 45_000],
    ['1m0s', 60_000],
    ['1h2m3.5s', 3_723_500],
    ['100ms', 100],
    ['2160h', 7_776_000_000],
  ])('parses %s', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', '5', '1d', 'abc', '10s junk'])('rejects %j', (text) => {
    expect(() => parseGoDuration(text)).toThrow(/invalid duration/);
  });
});

describe('Go JSON', () => {
  it('sorts map keys and escapes HTML characters like encoding/json', () => {
    expect(goJsonStringMap({ b: '2', a: '<&>', '10': 'x' })).toBe('{"10":"x","a":"\\u003c\\u0026\\u003e","b":"2"}');
    expect(goJsonMarshal({ path: '/a&b' })).toBe('{"path":"/a\\u0026b"}');
  });
});

describe('Kubernetes quantities', () => {
  it.each([
    ['2000m', '2'],
    ['100m', '100m'],
    ['1024Mi', '1Gi'],
    ['128Mi', '128Mi'],
    ['1536Mi', '1536Mi'],
    ['0.5', '500m'],
    ['1500', '1500'],
    ['2000', '2k'],
    ['512', '512'],
    ['1Ki', '1Ki'],
    ['0', '0'],
    ['0.1m', '100u'],
  ])('%s is canonically %s', (input, canonical) => {
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it('gives milli values rounded up', () => {
    expect(milliValue('2')).toBe(2000);
    expect(milliValue('1500m')).toBe(1500);
    expect(milliValue('0.0001')).toBe(1);
  });

  it('reports malformed quantities', () => {
    expect(quantityError('2 cores')).toMatch(/invalid resource quantity/);
    expect(quantityError('10Mi')).toBeUndefined();
    expect(() => canonicalQuantity('lots')).toThrow(/invalid/);
  });
});
