import { validateSpec } from '../validate-spec';

const errors = (kind: string, spec: unknown) =>
  validateSpec(kind, spec, { name: 'i', namespace: 'istio-system' }).filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`);

describe('template field types (Mixer 1.2 InferType)', () => {
  it('requires each typed field to have its template type', () => {
    expect(errors('instance', { compiledTemplate: 'logentry', params: { timestamp: 'request.path', severity: 'response.code' } })).toEqual([
      'spec.params.timestamp: expression "request.path" has type STRING, template field needs TIMESTAMP',
      'spec.params.severity: expression "response.code" has type INT64, template field needs STRING',
    ]);
    expect(errors('logentry', { timestamp: 'request.time', severity: '"warning"', monitoredResourceType: '"global"', variables: { code: 'response.code | 0' } })).toEqual([]);
    expect(errors('logentry', { monitoredResourceType: '42' })).toEqual(['spec.monitoredResourceType: expression "42" has type INT64, template field needs STRING']);
  });

  it('Value fields and maps of them take any type', () => {
    const dims = { ip: 'source.ip | ip("0.0.0.0")', code: 'response.code | 200', dur: 'response.duration | "0ms"', ok: 'connection.mtls | false' };
    expect(errors('metric', { value: 'response.duration | "0ms"', dimensions: dims, monitoredResourceDimensions: { t: 'request.time' } })).toEqual([]);
    expect(errors('quota', { dimensions: dims })).toEqual([]);
    expect(errors('listentry', { value: 'source.labels["app"] | "unknown"' })).toEqual([]);
    expect(errors('listentry', { value: 'source.ip' })).toEqual([]);
  });

  it('tracespan, edge, kubernetes, apikey and authorization fields', () => {
    expect(errors('tracespan', {
      traceId: 'request.headers["x-b3-traceid"] | ""', spanId: 'request.headers["x-b3-spanid"] | ""', startTime: 'request.time', endTime: 'response.time',
      httpStatusCode: 'response.code | 0', clientSpan: '(context.reporter.kind | "inbound") == "outbound"', rewriteClientSpanId: 'false',
      sourceIp: 'source.ip | ip("0.0.0.0")', requestSize: 'request.size | 0', spanTags: { 'http.method': 'request.method | ""' },
    })).toEqual([]);
    expect(errors('tracespan', { startTime: '"now"', httpStatusCode: '"200"', spanId: '1', clientSpan: '"yes"', destinationIp: 'destination.port' }).map((e) => e.split(':')[0])).toEqual([
      'spec.spanId', 'spec.startTime', 'spec.httpStatusCode', 'spec.clientSpan', 'spec.destinationIp',
    ]);
    expect(errors('edge', { timestamp: 'request.time', sourceUid: 'source.uid | ""', contextProtocol: 'context.protocol | "unknown"' })).toEqual([]);
    expect(errors('edge', { timestamp: 'request.size' })).toEqual(['spec.timestamp: expression "request.size" has type INT64, template field needs TIMESTAMP']);
    expect(errors('kubernetes', { sourceUid: 'source.uid | ""', sourceIp: 'source.ip | ip("0.0.0.0")', destinationPort: 'destination.port | 0', attributeBindings: { 'source.ip': '$out.source_pod_ip | ip("0.0.0.0")' } })).toEqual([]);
    // origin_uid/origin_ip are reserved in 1.2's kubernetesenv template.
    expect(errors('kubernetes', { originUid: '"x"', destinationPort: '"80"' }).map((e) => e.split(':')[0])).toEqual(['spec.originUid', 'spec.destinationPort']);
    expect(errors('apikey', { apiKey: 'request.api_key | ""', timestamp: 'request.path' }).map((e) => e.split(':')[0])).toEqual(['spec.timestamp']);
    expect(errors('authorization', { subject: { user: 'source.principal | ""', groups: 'destination.port' }, action: { path: 'request.path | "/"', properties: { p: 'destination.port' } } }).map((e) => e.split(':')[0])).toEqual(['spec.subject.groups']);
  });

  it('an empty typed expression leaves the field unset, as Mixer does', () => {
    expect(errors('logentry', { timestamp: '', severity: '' })).toEqual([]);
  });
});
