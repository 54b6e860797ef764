import { STANDARD_ATTRIBUTE_MANIFESTS } from '../standard-manifests';
import { AttributeVocabulary, STANDARD_ATTRIBUTE_VOCABULARY } from '../vocabulary';
import type { ExpressionError } from './expression-errors';
import { checkExpression, checkMatchExpression } from './type-checker';

// The standard vocabulary has no DOUBLE, DNS_NAME, EMAIL_ADDRESS or URI attributes; add some.
const vocabulary = AttributeVocabulary.fromManifests([
  ...STANDARD_ATTRIBUTE_MANIFESTS,
  { name: 'test', attributes: { 'test.ratio': 'DOUBLE', 'test.dns': 'DNS_NAME', 'test.email': 'EMAIL_ADDRESS', 'test.uri': 'URI' } },
]);

function typeOf(text: string): string {
  const result = checkExpression(text, vocabulary);
  if (!result.ok) throw new Error(`'${text}' should type-check: ${JSON.stringify(result.errors)}`);
  return result.type;
}

function errorsOf(text: string): ExpressionError[] {
  const result = checkExpression(text, vocabulary);
  if (result.ok) throw new Error(`'${text}' should not type-check`);
  return result.errors;
}

describe('checkExpression: types of valid expressions', () => {
  it.each([
    ['request.headers', 'STRING_MAP'],
    ['request.headers["user-agent"]', 'STRING'],
    ['source.labels["app"] | "unknown"', 'STRING'],
    ['response.code == 200', 'BOOL'],
    ['request.method != "GET"', 'BOOL'],
    ['response.code >= 400 && response.code < 500', 'BOOL'],
    ['request.size <= 10 || request.size > 100', 'BOOL'],
    ['test.ratio > 0.5', 'BOOL'],
    ['response.duration > "10ms"', 'BOOL'],
    ['response.duration | "0ms"', 'DURATION'],
    ['request.time < timestamp("2015-01-02T15:04:35Z")', 'BOOL'],
    ['!connection.mtls', 'BOOL'],
    ['request.host + request.path', 'STRING'],
    ['request.size + 1', 'INT64'],
    ['source.ip == ip("10.0.0.1")', 'BOOL'],
    ['source.ip | ip("0.0.0.0")', 'IP_ADDRESS'],
    ['test.dns == dnsName("www.istio.io")', 'BOOL'],
    ['test.email == email("a@istio.io")', 'BOOL'],
    ['test.uri == uri("http://istio.io")', 'BOOL'],
    ['match(destination.service.host, "*.svc.cluster.local")', 'BOOL'],
    ['"svc.*".matches(destination.service.host)', 'BOOL'],
    ['destination.service.host.startsWith("ratings")', 'BOOL'],
    ['request.path.endsWith(".js")', 'BOOL'],
    ['source.labels | emptyStringMap()', 'STRING_MAP'],
    ['conditional(connection.mtls, "secure", "plain")', 'STRING'],
    ['conditional(connection.mtls, 1, 2)', 'INT64'],
    ['conditionalString(connection.mtls, "a", "b")', 'STRING'],
    ['toLower(request.method)', 'STRING'],
    ['size(request.path)', 'INT64'],
    ['(source.labels | emptyStringMap())["app"]', 'STRING'],
  ])('%s is %s', (text, type) => {
    expect(typeOf(text)).toBe(type);
  });
});

describe('checkExpression: errors with positions', () => {
  it('names an unknown attribute and suggests the closest declared one', () => {
    expect(errorsOf('request.hedaers["x"] == "y"')).toEqual([
      { reason: 'unknown-attribute', column: 1, message: "unknown attribute 'request.hedaers' (did you mean 'request.headers'?)", suggestion: 'request.headers' },
    ]);
    expect(errorsOf('a == "b" && request.hedaers == request.headers')[0]).toMatchObject({ column: 1 });
    expect(errorsOf('totally.unrelated')[0]).not.toHaveProperty('suggestion');
  });

  it('reports INT64 vs STRING at the mismatching operand', () => {
    const [error] = errorsOf('response.code == "200"');
    expect(error).toMatchObject({ reason: 'type-mismatch', column: 18 });
    expect(error?.message).toContain('response.code is INT64 and "200" is STRING');
  });

  it('reports each independent error without cascading', () => {
    const errors = errorsOf('request.hedaers["a"] == "x" && response.code == "200"');
    expect(errors.map((e) => [e.reason, e.column])).toEqual([['unknown-attribute', 1], ['type-mismatch', 49]]);
  });

  it('checks argument counts and argument types', () => {
    expect(errorsOf('match(request.path)')).toEqual([{ reason: 'argument-count', column: 1, message: 'match takes 2 argument(s), got 1' }]);
    expect(errorsOf('emptyStringMap(1)')[0]).toMatchObject({ reason: 'argument-count' });
    expect(errorsOf('ip(10)')[0]).toMatchObject({ reason: 'type-mismatch', column: 4, message: 'argument 1 of ip must be STRING, got INT64' });
    expect(errorsOf('conditional(connection.mtls, 1, "x")')[0]).toMatchObject({ column: 33, message: 'argument 3 of conditional must be INT64, got STRING' });
    expect(errorsOf('conditional(1, 1, 1)')[0]).toMatchObject({ column: 13 });
  });

  it('tells functions from methods', () => {
    expect(errorsOf('startsWith(request.path, "/")')[0]?.message).toContain("'startsWith' is a method");
    expect(errorsOf('request.path.toLower()')[0]?.message).toContain("'toLower' is a function, not a method");
    expect(errorsOf('response.code.startsWith("2")')[0]).toMatchObject({ column: 1, message: 'startsWith must be called on a STRING, got INT64' });
    expect(errorsOf('reverse(request.path)')[0]).toMatchObject({ reason: 'unknown-function', column: 1 });
    expect(errorsOf('toLowr(request.path)')[0]).toMatchObject({ suggestion: 'toLower' });
  });

  it('rejects operators on types Istio cannot apply them to', () => {
    expect(errorsOf('connection.mtls < true')[0]).toMatchObject({ column: 17, message: "'<' is not defined for BOOL" });
    expect(errorsOf('source.labels == request.headers')[0]?.message).toBe("'==' is not defined for STRING_MAP");
    expect(errorsOf('response.duration + "1s"')[0]?.message).toBe("'+' is not defined for DURATION");
    expect(errorsOf('request.size && true')[0]).toMatchObject({ column: 1 });
    expect(errorsOf('!request.path')[0]).toMatchObject({ column: 2 });
    expect(errorsOf('request.path["x"]')[0]?.message).toContain('only a STRING_MAP can be indexed');
    expect(errorsOf('request.headers[1]')[0]).toMatchObject({ column: 17 });
    expect(errorsOf('request.size == 1.0')[0]?.message).toContain('INT64');
    expect(errorsOf('request.path == "1h"')[0]?.message).toContain('is DURATION');
  });

  it('passes syntax errors through with their column', () => {
    expect(errorsOf('response.code ==')).toEqual([{ reason: 'syntax', column: 17, message: 'expression ends too early' }]);
  });
});

describe('checkMatchExpression', () => {
  it('accepts BOOL expressions and treats an empty match as true', () => {
    expect(checkMatchExpression('destination.labels["app"] == "ratings"', STANDARD_ATTRIBUTE_VOCABULARY)).toMatchObject({ ok: true, type: 'BOOL' });
    expect(checkMatchExpression('', STANDARD_ATTRIBUTE_VOCABULARY)).toMatchObject({ ok: true, type: 'BOOL' });
    expect(checkMatchExpression('   ', STANDARD_ATTRIBUTE_VOCABULARY)).toMatchObject({ ok: true, type: 'BOOL' });
  });

  it('requires BOOL', () => {
    expect(checkMatchExpression('request.path | "/"', STANDARD_ATTRIBUTE_VOCABULARY)).toEqual({
      ok: false,
      errors: [{ reason: 'not-boolean', column: 1, message: 'a match expression must be BOOL, but this one is STRING' }],
    });
  });
});
