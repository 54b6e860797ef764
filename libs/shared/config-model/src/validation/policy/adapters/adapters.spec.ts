import { validateSpec } from '../../validate-spec';

const issues = (kind: string, spec: unknown) => validateSpec(kind, spec, { name: 'h', namespace: 'istio-system' });
const errors = (kind: string, spec: unknown): string[] => issues(kind, spec).filter((i) => i.severity === 'error').map((i) => i.path).sort();
const warnings = (kind: string, spec: unknown): string[] => issues(kind, spec).filter((i) => i.severity === 'warning').map((i) => i.path);

describe('Istio 1.2 compiled adapter params', () => {
  it('rejects an unknown params field at spec.params.<field>, for generic handlers and per-adapter kinds alike', () => {
    for (const adapter of ['circonus', 'cloudwatch', 'dogstatsd', 'opa', 'rbac', 'signalfx', 'solarwinds', 'stackdriver', 'zipkin', 'bypass', 'noop', 'statsd']) {
      expect(errors('handler', { compiledAdapter: adapter, params: { colour: 'red' } })).toContain('spec.params.colour');
      expect(errors(adapter, { colour: 'red' })).toContain('spec.colour');
    }
  });

  it('fluentd, kubernetesenv and statsd have the fields of their 1.2 config.proto', () => {
    expect(errors('fluentd', { address: 'fluentd-es.logging:24224', integerDuration: true, instanceBufferSize: '1024', max_batch_size_bytes: 10, pushIntervalDuration: '1s', pushTimeoutDuration: '2s' })).toEqual([]);
    expect(errors('fluentd', { address: 'fluentd-es', instanceName: 'x', bufferSize: 1, maxBatchSizeBytes: -1, pushTimeoutDuration: '-1s' })).toEqual([
      'spec.address', 'spec.bufferSize', 'spec.instanceName', 'spec.maxBatchSizeBytes', 'spec.pushTimeoutDuration',
    ]);
    expect(errors('kubernetesenv', { kubeconfig_path: '/k', cacheRefreshDuration: '5m', clusterRegistriesNamespace: 'istio-system' })).toEqual([]);
    expect(errors('kubernetesenv', { clusterDomainName: 'cluster.local' })).toEqual(['spec.clusterDomainName']);
    const statsd = { address: 'localhost:8125', flushDuration: '300ms', flushBytes: 512, samplingRate: 1, metrics: { 'requestcount.metric.istio-system': { type: 'COUNTER', nameTemplate: '{{.apiMethod}}-{{.responseCode}}' } } };
    expect(errors('statsd', statsd)).toEqual([]);
    expect(errors('statsd', { ...statsd, flushBytes: -1, metrics: { 'm.metric': { type: 'HISTO', nameTemplate: '{{.x' } } })).toEqual([
      'spec.flushBytes', 'spec.metrics["m.metric"].nameTemplate', 'spec.metrics["m.metric"].type',
    ]);
  });

  it('circonus, cloudwatch and dogstatsd apply their Validate() rules', () => {
    expect(errors('circonus', { submission_url: 'https://trap.noit.circonus.net/module/httptrap/myuuid/mysecret', submission_interval: '10s', metrics: [{ name: 'requestcount', type: 'COUNTER' }] })).toEqual([]);
    expect(errors('circonus', { submissionInterval: '500ms', metrics: [{ type: 'SUMMARY' }] })).toEqual(['spec.metrics[0].type', 'spec.submissionInterval', 'spec.submissionUrl']);
    const cloudwatch = { namespace: 'istio', logGroupName: 'g', logStreamName: 's', logs: { 'accesslog.logentry': { payloadTemplate: '{{.x}}' } }, metricInfo: { 'rc.metric': { unit: 'Count' } } };
    expect(errors('cloudwatch', cloudwatch)).toEqual([]);
    expect(errors('cloudwatch', { metricInfo: { 'rc.metric': { unit: 'Furlongs' } } })).toEqual([
      'spec.logGroupName', 'spec.logStreamName', 'spec.logs', 'spec.metricInfo["rc.metric"].unit', 'spec.namespace',
    ]);
    expect(errors('dogstatsd', { address: 'localhost:8125', sampleRate: 0.5, globalTags: { env: 'prod' }, metrics: { 'rc.metric': { name: 'rc', type: 'COUNTER', tags: {} } } })).toEqual([]);
    expect(errors('dogstatsd', { address: 'nope', bufferLength: -1, sampleRate: 2, metrics: { 'rc.metric': { name: 'rc' } } })).toEqual([
      'spec.address', 'spec.bufferLength', 'spec.metrics["rc.metric"].type', 'spec.sampleRate',
    ]);
  });

  it('opa, rbac, bypass and noop', () => {
    const policy = 'package mixerauthz\ndefault allow = false';
    expect(errors('opa', { policy: [policy], checkMethod: 'data.mixerauthz.allow', failClose: true })).toEqual([]);
    expect(errors('opa', { policy: ['allow = true'] })).toEqual(['spec.checkMethod', 'spec.policy[0]']);
    // failClose keeps config errors inside the adapter (it denies everything) instead of refusing the handler.
    expect(errors('opa', { failClose: true })).toEqual([]);
    expect(errors('rbac', { configStoreUrl: 'k8s://', cacheDuration: '30s' })).toEqual([]);
    expect(errors('rbac', { cacheDuration: 30 })).toEqual(['spec.cacheDuration']);
    expect(errors('bypass', { backendAddress: 'keyval:9070', sessionBased: false, params: { table: { jason: 'admin' } } })).toEqual([]);
    expect(errors('bypass', { sessionBased: true })).toEqual(['spec.backendAddress']);
    expect(errors('handler', { compiledAdapter: 'noop', params: {} })).toEqual([]);
  });

  it('signalfx, solarwinds, stackdriver and zipkin', () => {
    const sfx = { accessToken: 't', metrics: [{ name: 'requestcount.metric.istio-system', type: 'COUNTER' }], datapointInterval: '10s', tracingBufferSize: 1000 };
    expect(errors('signalfx', sfx)).toEqual([]);
    expect(errors('signalfx', { datapointInterval: '100ms', metrics: [{ type: 'NONE' }], tracingBufferSize: 0 })).toEqual([
      'spec.accessToken', 'spec.datapointInterval', 'spec.metrics[0].name', 'spec.metrics[0].type', 'spec.tracingBufferSize',
    ]);
    expect(errors('signalfx', { accessToken: 't' })).toEqual(['spec.metrics']);
    expect(errors('signalfx', { accessToken: 't', enableMetrics: false })).toEqual([]);
    expect(errors('solarwinds', { appopticsAccessToken: 'a', appopticsBatchSize: 100, papertrailUrl: 'logs4.papertrailapp.com:12345', metrics: { 'rc.metric': { labelNames: ['source'] } } })).toEqual([]);
    expect(errors('solarwinds', { appopticsBatchSize: 5000, papertrailUrl: 'papertrail.example.com' })).toEqual(['spec.appopticsBatchSize', 'spec.papertrailUrl']);
    const sd = { projectId: 'p', pushInterval: '1m', apiKey: 'k', metricInfo: { 'rc.metric': { kind: 'CUMULATIVE', value: 'INT64', metricType: 'custom', buckets: { explicitBuckets: { bounds: [1, 2] } } } }, logInfo: { 'al.logentry': { labelNames: ['a'], httpMapping: { status: 'code' }, sinkInfo: { id: 's', UniqueWriterIdentity: true } } }, trace: { sampleProbability: 0.1 } };
    expect(errors('stackdriver', sd)).toEqual([]);
    expect(errors('stackdriver', { apiKey: 'k', serviceAccountPath: '/sa', metricInfo: { m: { kind: 'SUMMARY' } }, logInfo: { l: { httpMapping: { code: 'x' } } } })).toEqual([
      'spec.logInfo.l.httpMapping.code', 'spec.metricInfo.m.kind', 'spec.serviceAccountPath',
    ]);
    expect(errors('zipkin', { url: 'http://zipkin:9411/api/v1/spans', sampleProbability: 0.5 })).toEqual([]);
    expect(errors('zipkin', { url: 'localhost/zipkin', sampleProbability: 'banana' })).toEqual(['spec.sampleProbability']);
  });

  it('a sampling probability outside 0..1 is a warning: Istio 1.2 galley admits it, the adapter refuses it later', () => {
    expect(errors('zipkin', { url: 'localhost/zipkin', sampleProbability: 20 })).toEqual([]);
    expect(warnings('zipkin', { url: 'localhost/zipkin', sampleProbability: 20 })).toEqual(['spec.sampleProbability']);
    expect(warnings('stackdriver', { trace: { sampleProbability: -1 } })).toEqual(['spec.trace.sampleProbability']);
    expect(warnings('zipkin', { sampleProbability: 1 })).toEqual([]);
  });

  it('quota amounts may be int64 strings, as jsonpb reads them', () => {
    expect(errors('memquota', { quotas: [{ name: 'rq', maxAmount: '5000', validDuration: '1s' }] })).toEqual([]);
    expect(errors('memquota', { quotas: [{ name: 'rq', maxAmount: '5k', validDuration: '1s' }] })).toEqual(['spec.quotas[0].maxAmount', 'spec.quotas[0].maxAmount']);
  });
});
