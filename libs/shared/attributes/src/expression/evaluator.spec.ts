import { isMeshError } from '@tsmesh/shared-errors';
import { AttributeBag } from '../attribute-bag';
import { Attr } from '../attribute-value';
import { STANDARD_ATTRIBUTE_MANIFESTS } from '../standard-manifests';
import { AttributeVocabulary } from '../vocabulary';
import { evaluate, evaluateMatch } from './evaluator';
import { ExpressionEvaluationError } from './expression-errors';
import { toAttributeValue, type ExpressionValue } from './expression-value';
import { checkExpression, checkMatchExpression, type TypedExpression } from './type-checker';

const vocabulary = AttributeVocabulary.fromManifests([
  ...STANDARD_ATTRIBUTE_MANIFESTS,
  { name: 'test', attributes: { 'test.ratio': 'DOUBLE', 'test.dns': 'DNS_NAME', 'test.email': 'EMAIL_ADDRESS', 'test.uri': 'URI' } },
]);

const bag = AttributeBag.of({
  'request.headers': Attr.stringMap({ 'user-agent': 'curl/7.1', 'x-id': 'abc' }),
  'request.path': Attr.string('/reviews/1'),
  'request.method': Attr.string('GET'),
  'request.size': Attr.int64(120),
  'request.time': Attr.timestamp(Date.parse('2019-06-01T10:00:00Z')),
  'response.code': Attr.int64(503),
  'response.duration': Attr.durationMs(25),
  'source.labels': Attr.stringMap({ app: 'productpage', version: 'v1' }),
  'source.ip': Attr.ip('10.1.2.3'),
  'connection.mtls': Attr.bool(true),
  'destination.service.host': Attr.string('ratings.default.svc.cluster.local'),
  'test.ratio': Attr.double(0.75),
  'test.dns': Attr.string('WWW.Istio.io.'),
  'test.email': Attr.string('jo@Istio.IO'),
  'test.uri': Attr.string('HTTP://ISTIO.io/docs'),
});

function compiled(text: string): TypedExpression {
  const result = checkExpression(text, vocabulary);
  if (!result.ok) throw new Error(`'${text}' should type-check: ${JSON.stringify(result.errors)}`);
  return result.expression;
}

const run = (text: string, over: AttributeBag = bag): ExpressionValue => evaluate(compiled(text), over);
const plain = (text: string, over?: AttributeBag): unknown => run(text, over).value;

function failure(text: string, over: AttributeBag = bag): string {
  try {
    run(text, over);
  } catch (error) {
    expect(isMeshError(error, ExpressionEvaluationError)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`'${text}' should fail`);
}

describe('evaluate: attributes, maps and the | fallback', () => {
  it('reads attributes with their declared types', () => {
    expect(run('request.size')).toEqual({ type: 'INT64', value: 120n });
    expect(run('response.duration')).toEqual({ type: 'DURATION', value: 25_000_000n });
    expect(run('test.dns')).toEqual({ type: 'DNS_NAME', value: 'WWW.Istio.io.' });
  });

  it('indexes string maps', () => {
    expect(plain('request.headers["user-agent"]')).toBe('curl/7.1');
  });

  it('fails on a missing attribute or key unless | covers it', () => {
    expect(failure('request.referer')).toBe("lookup failed: 'request.referer'");
    expect(failure('source.labels["team"]')).toBe("member lookup failed: 'team'");
    expect(plain('source.labels["team"] | "unknown"')).toBe('unknown');
    expect(plain('destination.labels["app"] | "unknown"')).toBe('unknown');
    expect(plain('request.referer | request.path | "/"')).toBe('/reviews/1');
    expect(plain('source.labels["app"] | "unknown"')).toBe('productpage');
    expect(plain('(destination.labels | emptyStringMap())["x"] | "none"')).toBe('none');
    expect(failure('request.referer | response.grpc_status')).toBe("lookup failed: 'response.grpc_status'");
  });

  it('does not let | swallow real errors', () => {
    expect(failure('ip("nope") | source.ip')).toBe('could not convert nope to IP_ADDRESS');
  });

  it('complains when a bag value does not have the declared shape', () => {
    expect(failure('request.size', bag.with('request.size', Attr.string('big')))).toContain('declared INT64');
  });
});

describe('evaluate: operators', () => {
  it.each([
    ['response.code == 503', true],
    ['response.code != 503', false],
    ['response.code >= 500 && response.code < 600', true],
    ['response.code > 503 || response.code <= 200', false],
    ['test.ratio > 0.5', true],
    ['response.duration > "10ms"', true],
    ['response.duration <= "20ms"', false],
    ['request.time < timestamp("2020-01-01T00:00:00Z")', true],
    ['request.method < "POST"', true],
    ['!connection.mtls', false],
    ['source.ip == ip("10.1.2.3")', true],
    ['source.ip == ip("::ffff:10.1.2.3")', true],
    ['request.time == timestamp("2019-06-01T10:00:00Z")', true],
    ['test.dns == dnsName("www.istio.io")', true],
    ['test.email == email("jo@istio.io")', true],
    ['test.email == email("JO@istio.io")', false],
    ['test.uri == uri("http://istio.io/docs")', true],
    ['test.uri == uri("http://istio.io/Docs")', false],
  ])('%s is %s', (text, expected) => {
    expect(plain(text)).toBe(expected);
  });

  it('short-circuits && and ||, so the unevaluated side may be missing', () => {
    expect(plain('connection.mtls || request.referer == "x"')).toBe(true);
    expect(plain('!connection.mtls && request.referer == "x"')).toBe(false);
    expect(failure('connection.mtls && request.referer == "x"')).toContain('request.referer');
  });

  it('adds strings, integers (wrapping like Go) and doubles', () => {
    expect(plain('request.method + request.path')).toBe('GET/reviews/1');
    expect(plain('request.size + 5')).toBe(125n);
    expect(plain('9223372036854775807 + 1')).toBe(-9223372036854775808n);
    expect(plain('test.ratio + 0.25')).toBe(1);
  });
});

describe('evaluate: functions', () => {
  it('evaluates only the chosen branch of conditional, but both of conditionalString', () => {
    expect(plain('conditional(connection.mtls, "secure", request.referer)')).toBe('secure');
    expect(plain('conditional(response.code == 200, 1, 2)')).toBe(2n);
    expect(failure('conditionalString(connection.mtls, "secure", request.referer)')).toContain('request.referer');
  });

  it('runs the string functions', () => {
    expect(plain('match(destination.service.host, "ratings.*")')).toBe(true);
    expect(plain('"^/reviews/[0-9]+$".matches(request.path)')).toBe(true);
    expect(plain('request.path.startsWith("/reviews")')).toBe(true);
    expect(plain('request.path.endsWith(".js")')).toBe(false);
    expect(plain('toLower(request.method)')).toBe('get');
    expect(plain('size("héllo")')).toBe(6n);
    expect(run('emptyStringMap()')).toEqual({ type: 'STRING_MAP', value: new Map() });
  });

  it('surfaces conversion failures as evaluation errors', () => {
    expect(failure('timestamp("yesterday") == request.time')).toContain('TIMESTAMP');
    expect(failure('"(".matches(request.path)')).toContain('invalid regular expression');
  });
});

describe('evaluateMatch and toAttributeValue', () => {
  it('evaluates rule matches, including the empty match', () => {
    const empty = checkMatchExpression('', vocabulary);
    const ratings = checkMatchExpression('match(destination.service.host, "ratings.*") && source.labels["app"] == "productpage"', vocabulary);
    if (!empty.ok || !ratings.ok) throw new Error('matches should type-check');
    expect(evaluateMatch(empty.expression, AttributeBag.empty)).toBe(true);
    expect(evaluateMatch(ratings.expression, bag)).toBe(true);
    expect(() => evaluateMatch(compiled('request.path'), bag)).toThrow(ExpressionEvaluationError);
  });

  it('turns results back into attribute values', () => {
    expect(toAttributeValue(run('source.ip | ip("0.0.0.0")'))).toEqual(Attr.ip('10.1.2.3'));
    expect(toAttributeValue(run('response.duration'))).toEqual(Attr.durationMs(25));
    expect(toAttributeValue(run('test.dns'))).toEqual(Attr.string('WWW.Istio.io.'));
    expect(toAttributeValue(run('source.labels'))).toEqual(Attr.stringMap({ app: 'productpage', version: 'v1' }));
    expect(toAttributeValue(run('request.time')).kind).toBe('timestamp');
    expect(toAttributeValue(run('test.ratio'))).toEqual(Attr.double(0.75));
    expect(toAttributeValue(run('connection.mtls'))).toEqual(Attr.bool(true));
    expect(toAttributeValue(run('request.size'))).toEqual(Attr.int64(120));
  });
});
