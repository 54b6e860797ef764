import { closestName, editDistance } from './closest-name';
import { ExpressionEvaluationError } from './expression-errors';
import { ExprValue } from './expression-value';
import { functionNames, globMatch, lookupFunction } from './function-catalogue';
import { matchesRegex } from './go-regex';
import { dnsNamesEqual, emailsEqual, ipAddressesEqual, toDnsName, toEmail, toIpAddress, toTimestamp, toUri, urisEqual } from './typed-strings';

describe('function catalogue', () => {
  it('holds exactly the functions Istio 1.2 CEXL knows', () => {
    expect(functionNames()).toEqual([
      'conditional', 'conditionalString', 'dnsName', 'email', 'emptyStringMap', 'endsWith', 'ip',
      'match', 'matches', 'size', 'startsWith', 'timestamp', 'toLower', 'uri',
    ]);
  });

  it('carries Istio signatures', () => {
    expect(lookupFunction('matches')).toMatchObject({ method: true, targetType: 'STRING', argumentTypes: ['STRING'], returnType: 'BOOL' });
    expect(lookupFunction('ip')).toMatchObject({ method: false, argumentTypes: ['STRING'], returnType: 'IP_ADDRESS' });
    expect(lookupFunction('size')).toMatchObject({ argumentTypes: ['STRING'], returnType: 'INT64' });
    expect(lookupFunction('conditional')).toMatchObject({ argumentTypes: ['BOOL', 'VALUE_TYPE_UNSPECIFIED', 'VALUE_TYPE_UNSPECIFIED'] });
    expect(lookupFunction('reverse')).toBeUndefined();
  });

  it('invokes conversions and throws evaluation errors on bad input', () => {
    const uri = lookupFunction('uri')?.invoke;
    expect(uri?.([ExprValue.string('http://istio.io')])).toEqual({ type: 'URI', value: 'http://istio.io' });
    expect(() => uri?.([ExprValue.string('')])).toThrow(ExpressionEvaluationError);
    expect(() => lookupFunction('toLower')?.invoke?.([ExprValue.int64(1)])).toThrow('expected a string argument');
  });
});

describe('match and matches', () => {
  it.each([
    ['ratings.default.svc', 'ratings.*', true],
    ['ratings.default.svc', '*.svc', true],
    ['ratings.default.svc', '*.local', false],
    ['ratings', 'ratings', true],
    ['ratings', 'rat', false],
  ])('match(%p, %p) is %p', (value, pattern, expected) => {
    expect(globMatch(value, pattern)).toBe(expected);
  });

  it('searches unanchored like Go and understands a leading (?i)', () => {
    expect(matchesRegex('svc', 'my-svc-1')).toBe(true);
    expect(matchesRegex('^svc$', 'my-svc-1')).toBe(false);
    expect(matchesRegex('(?i)^GET$', 'get')).toBe(true);
    expect(() => matchesRegex('[', 'x')).toThrow(ExpressionEvaluationError);
  });
});

describe('typed string conversions', () => {
  it('parses IPv4 and IPv6 and compares mapped forms equal', () => {
    const v4 = toIpAddress('10.0.0.1');
    const mapped = toIpAddress('::ffff:10.0.0.1');
    if (!v4.ok || !mapped.ok) throw new Error('should parse');
    expect(ipAddressesEqual(v4.value, mapped.value)).toBe(true);
    expect(toIpAddress('10.0.0.256')).toEqual({ ok: false, message: 'could not convert 10.0.0.256 to IP_ADDRESS' });
  });

  it('parses RFC 3339 timestamps and rejects impossible dates', () => {
    expect(toTimestamp('2015-01-02T15:04:35Z')).toEqual({ ok: true, value: new Date(Date.UTC(2015, 0, 2, 15, 4, 35)) });
    expect(toTimestamp('2015-01-02T15:04:35.5+01:00')).toEqual({ ok: true, value: new Date(Date.UTC(2015, 0, 2, 14, 4, 35, 500)) });
    expect(toTimestamp('2019-02-30T00:00:00Z').ok).toBe(false);
    expect(toTimestamp('2015-01-02 15:04:35').ok).toBe(false);
  });

  it('validates DNS names and compares them case-insensitively, ignoring a trailing dot', () => {
    expect(toDnsName('www.istio.io.').ok).toBe(true);
    expect(toDnsName('-bad.istio.io').ok).toBe(false);
    expect(toDnsName('a..b').ok).toBe(false);
    expect(toDnsName('').ok).toBe(false);
    expect(toDnsName(`${'a'.repeat(64)}.io`).ok).toBe(false);
    expect(dnsNamesEqual('WWW.istio.io.', 'www.istio.io')).toBe(true);
  });

  it('validates e-mail addresses, refusing display names', () => {
    expect(toEmail('jo@istio.io').ok).toBe(true);
    expect(toEmail('Jo <jo@istio.io>')).toEqual({ ok: false, message: "error converting 'Jo <jo@istio.io>' to e-mail: display names are not allowed" });
    expect(toEmail('not-an-email').ok).toBe(false);
    expect(toEmail('jo@-x.io').ok).toBe(false);
    expect(emailsEqual('jo@ISTIO.io', 'jo@istio.io.')).toBe(true);
    expect(emailsEqual('Jo@istio.io', 'jo@istio.io')).toBe(false);
  });

  it('validates URIs and compares http(s) hosts as DNS names', () => {
    expect(toUri('urn:isbn:123').ok).toBe(true);
    expect(toUri('http://istio.io/%zz').ok).toBe(false);
    expect(toUri('http://istio.io/\n').ok).toBe(false);
    expect(toUri(':nothing').ok).toBe(false);
    expect(urisEqual('HTTPS://Istio.IO:8443/a?b', 'https://istio.io:8443/a?b')).toBe(true);
    expect(urisEqual('https://istio.io/a', 'http://istio.io/a')).toBe(false);
    expect(urisEqual('urn:x:Y', 'URN:x:Y')).toBe(true);
    expect(urisEqual('urn:x:Y', 'urn:x:y')).toBe(false);
  });
});

describe('closestName', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('hedaers', 'headers')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only near misses', () => {
    expect(closestName('request.hedaers', ['request.headers', 'response.headers'])).toBe('request.headers');
    expect(closestName('completely.different', ['request.headers'])).toBeUndefined();
  });
});
