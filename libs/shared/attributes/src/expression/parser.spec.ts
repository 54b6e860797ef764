import { formatExpression, type ExpressionNode } from './ast';
import { parseGoDuration } from './go-duration';
import { parseExpression } from './parser';

function parse(text: string): ExpressionNode {
  const result = parseExpression(text);
  if (!result.ok) throw new Error(`unexpected parse failure: ${JSON.stringify(result.errors)}`);
  return result.ast;
}

const shape = (text: string): string => formatExpression(parse(text));

function syntaxError(text: string): { column: number; message: string } {
  const result = parseExpression(text);
  if (result.ok) throw new Error(`'${text}' should not parse`);
  const [error] = result.errors;
  expect(error?.reason).toBe('syntax');
  return { column: error?.column ?? 0, message: error?.message ?? '' };
}

describe('parseExpression precedence (Go rules)', () => {
  it.each([
    ['a || b && c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ['a == b && c != d', '((a == b) && (c != d))'],
    ['x.y | "u" == "v"', '((x.y | "u") == "v")'],
    ['a | b | c', '((a | b) | c)'],
    ['a + b == c', '((a + b) == c)'],
    ['a < b || a >= c', '((a < b) || (a >= c))'],
    ['a <= b && a > c', '((a <= b) && (a > c))'],
    ['!a == b', '(!a == b)'],
    ['!(a == b)', '!(a == b)'],
    ['(a || b) && c', '((a || b) && c)'],
  ])('%s groups as %s', (text, expected) => {
    expect(shape(text)).toBe(expected);
  });
});

describe('parseExpression forms', () => {
  it('reads dotted names as one flat attribute name', () => {
    expect(parse('destination.service.host')).toMatchObject({ kind: 'attribute', name: 'destination.service.host', pos: 0, end: 24 });
  });

  it('reads map indexing, also nested in calls', () => {
    expect(shape('request.headers["user-agent"]')).toBe('request.headers["user-agent"]');
    expect(parse('request.headers["x"]')).toMatchObject({ kind: 'index', target: { name: 'request.headers' } });
    expect(shape('(source.labels | emptyStringMap())["app"]')).toBe('(source.labels | emptyStringMap())["app"]');
  });

  it('reads functions and the method form on attributes, literals and parentheses', () => {
    expect(parse('match(a.b, "x*")')).toMatchObject({ kind: 'call', name: 'match', target: undefined });
    expect(parse('destination.service.host.startsWith("ratings")')).toMatchObject({
      kind: 'call', name: 'startsWith', target: { kind: 'attribute', name: 'destination.service.host' },
    });
    expect(parse('"svc.*".matches(destination.service.name)')).toMatchObject({ name: 'matches', target: { kind: 'literal' } });
    expect(shape('(a | "x").endsWith("y")')).toBe('(a | "x").endsWith("y")');
    expect(parse('emptyStringMap()')).toMatchObject({ kind: 'call', args: [] });
  });

  it('types literals as Istio does', () => {
    expect(parse('42')).toMatchObject({ value: { type: 'INT64', value: 42n } });
    expect(parse('4.5')).toMatchObject({ value: { type: 'DOUBLE', value: 4.5 } });
    expect(parse('1e3')).toMatchObject({ value: { type: 'DOUBLE', value: 1000 } });
    expect(parse('TRUE')).toMatchObject({ value: { type: 'BOOL', value: true } });
    expect(parse('false')).toMatchObject({ value: { type: 'BOOL', value: false } });
    expect(parse('"abc"')).toMatchObject({ value: { type: 'STRING', value: 'abc' } });
    // A string Go's ParseDuration accepts is a DURATION constant.
    expect(parse('"10ms"')).toMatchObject({ value: { type: 'DURATION', value: 10_000_000n } });
    expect(parse('"1h"')).toMatchObject({ value: { type: 'DURATION', value: 3_600_000_000_000n } });
  });

  it('decodes Go string escapes, raw strings and character literals', () => {
    expect(parse('"a\\"b\\n\\t\\\\"')).toMatchObject({ value: { value: 'a"b\n\t\\' } });
    expect(parse('"\\x41\\u00e9\\U0001F600\\101"')).toMatchObject({ value: { value: 'Aé😀A' } });
    expect(parse('`raw\\n`')).toMatchObject({ value: { value: 'raw\\n' } });
    expect(parse("'x'")).toMatchObject({ value: { type: 'STRING', value: 'x' } });
  });

  it('reports syntax errors with the column', () => {
    expect(syntaxError('')).toEqual({ column: 1, message: 'expression is empty' });
    expect(syntaxError('a == ')).toMatchObject({ column: 6, message: 'expression ends too early' });
    expect(syntaxError('a == "x')).toMatchObject({ column: 6, message: 'unterminated string literal' });
    expect(syntaxError('request.size - 1')).toMatchObject({ column: 14 });
    expect(syntaxError('request.size - 1').message).toContain("'-' is not supported");
    expect(syntaxError('a = b')).toMatchObject({ column: 3 });
    expect(syntaxError('f(a b)')).toMatchObject({ column: 5, message: "expected ',' between arguments, found 'b'" });
    expect(syntaxError('(a == b')).toMatchObject({ column: 8 });
    expect(syntaxError('a b')).toMatchObject({ column: 3 });
    expect(syntaxError('"x".y')).toMatchObject({ column: 5 });
    expect(syntaxError('m["k"')).toMatchObject({ column: 6 });
    expect(syntaxError('"\\q"')).toMatchObject({ column: 2 });
    expect(syntaxError("'ab'").message).toContain('exactly one character');
    expect(syntaxError('99999999999999999999').message).toContain('does not fit in INT64');
    expect(syntaxError('0x1F').message).toContain('malformed number');
    expect(syntaxError('a # b')).toMatchObject({ column: 3, message: "unexpected character '#'" });
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['0', 0n],
    ['10ms', 10_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['1.5s', 1_500_000_000n],
    ['-2us', -2_000n],
    ['3µs', 3_000n],
    ['7ns', 7n],
  ])('%s is %s ns', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });

  it.each(['', '10', 'ms', '1d', '.s', '1.5', 'abc', '9999999999h'])('rejects %p', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
