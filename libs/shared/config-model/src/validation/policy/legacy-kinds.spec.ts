import { validateSpec } from '../validate-spec';

const paths = (kind: string, spec: unknown): string[] =>
  validateSpec(kind, spec, { name: 'x', namespace: 'istio-system' })
    .filter((i) => i.severity === 'error')
    .map((i) => i.path)
    .sort();

describe('compiled adapter params', () => {
  it('prometheus: metric kinds, buckets for distributions, label names, unknown fields', () => {
    const ok = { instanceName: 'requestcount.metric.istio-system', kind: 'COUNTER', labelNames: ['source_app'] };
    expect(paths('prometheus', { metrics: [{ name: 'requests_total', ...ok }] })).toEqual([]);
    expect(paths('handler', { compiledAdapter: 'prometheus', params: { metrics: [{ ...ok, kind: 'DISTRIBUTION', labelNames: ['bad-label'], colour: 1 }] } })).toEqual([
      'spec.params.metrics[0].buckets',
      'spec.params.metrics[0].colour',
      'spec.params.metrics[0].labelNames[0]',
    ]);
    expect(paths('prometheus', { metrics: [{ ...ok, kind: 'DISTRIBUTION', buckets: { explicitBuckets: { bounds: [1, 1] } } }] })).toEqual(['spec.metrics[0].buckets.explicitBuckets.bounds[1]']);
  });

  it('memquota and redisquota: amounts, durations, overrides, algorithm and address', () => {
    expect(paths('memquota', { quotas: [{ name: 'rq', maxAmount: 5, validDuration: '1s', overrides: [{ dimensions: { d: 'v' }, maxAmount: 1 }] }] })).toEqual([]);
    expect(paths('memquota', { quotas: [{ name: 'rq', maxAmount: 0, validDuration: '1s', overrides: [{ maxAmount: 1 }] }] })).toEqual([
      'spec.quotas[0].maxAmount',
      'spec.quotas[0].overrides[0].dimensions',
    ]);
    const rolling = { name: 'rq', maxAmount: 5, validDuration: '1s', rateLimitAlgorithm: 'ROLLING_WINDOW' };
    expect(paths('redisquota', { redisServerUrl: 'redis:6379', quotas: [{ ...rolling, bucketDuration: '500ms' }] })).toEqual([]);
    expect(paths('redisquota', { redisServerUrl: 'redis', quotas: [{ ...rolling, rateLimitAlgorithm: 'LEAKY' }] })).toEqual(['spec.quotas[0].rateLimitAlgorithm', 'spec.redisServerUrl']);
    expect(paths('redisquota', { redisServerUrl: 'redis:6379', quotas: [rolling] })).toEqual(['spec.quotas[0].bucketDuration']);
  });

  it('listchecker, denier and stdio', () => {
    expect(paths('listchecker', { overrides: ['10.0.0.0/8'], entryType: 'IP_ADDRESSES', blacklist: true })).toEqual([]);
    expect(paths('listchecker', { overrides: ['10.0.0.300'], entryType: 'IP_ADDRESSES', providerUrl: 'nope' })).toEqual(['spec.overrides[0]', 'spec.providerUrl']);
    expect(paths('denier', { status: { code: 7, message: 'no' } })).toEqual([]);
    expect(paths('handler', { compiledAdapter: 'denier', params: { status: { code: 99 } } })).toEqual(['spec.params.status.code']);
    expect(paths('stdio', { outputAsJson: true, logStream: 'FILE' })).toEqual(['spec.outputPath']);
  });
});

describe('compiled template params', () => {
  it('type-checks expressions with the path of each expression', () => {
    const metric = { value: '1', dimensions: { source: 'source.workload.name | "unknown"' } };
    expect(paths('metric', metric)).toEqual([]);
    expect(paths('instance', { compiledTemplate: 'metric', params: metric })).toEqual([]);
    expect(paths('instance', { compiledTemplate: 'metric', params: { value: '1', dimensions: { source: 'source.nosuch', code: 'response.code ==' } } })).toEqual([
      'spec.params.dimensions.code',
      'spec.params.dimensions.source',
    ]);
    expect(paths('logentry', { severity: '"info"', timestamp: 'request.time', variables: { a: '(' }, extra: 'x' })).toEqual(['spec.extra', 'spec.variables.a']);
    expect(paths('authorization', { subject: { user: 'source.principal | ""', properties: { ns: 'bogus.attr' } } })).toEqual(['spec.subject.properties.ns']);
  });

  it('rule actions reference handlers and instances as name, name.kind or name.kind.namespace', () => {
    expect(paths('rule', { actions: [{ handler: 'handler.denier.istio-system', instances: ['i', 'denyrequest.checknothing'] }] })).toEqual([]);
    expect(paths('rule', { actions: [{ handler: 'a.b.c.d', instances: ['Bad_Name'] }] })).toEqual(['spec.actions[0].handler', 'spec.actions[0].instances[0]']);
  });
});
