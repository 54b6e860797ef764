import { validateSpec } from '../validate-spec';

const errorPaths = (kind: string, spec: unknown): string[] =>
  validateSpec(kind, spec, { name: 'x', namespace: 'default' }).filter((i) => i.severity === 'error').map((i) => i.path);

describe('QuotaSpec and QuotaSpecBinding', () => {
  it('accepts well-formed quota specs and bindings', () => {
    const rules = [{ match: [{ clause: { 'request.path': { prefix: '/books' } } }], quotas: [{ quota: 'requestcount', charge: '1' }] }];
    expect(errorPaths('QuotaSpec', { rules })).toEqual([]);
    const binding = { services: [{ name: 'productpage', namespace: 'default' }, { service: '*' }], quotaSpecs: [{ name: 'request-count', namespace: 'istio-system' }] };
    expect(errorPaths('QuotaSpecBinding', binding)).toEqual([]);
  });
  it('reports empty clauses, bad charges and bad service references', () => {
    const rules = [{ match: [{ clause: { 'request.path': { exact: '' }, 'request.host': { regex: '(' } } }], quotas: [{ quota: '', charge: 0 }] }, {}];
    expect(errorPaths('QuotaSpec', { rules })).toEqual([
      'spec.rules[0].match[0].clause["request.path"].exact',
      'spec.rules[0].match[0].clause["request.host"].regex',
      'spec.rules[0].quotas[0].quota',
      'spec.rules[0].quotas[0].charge',
      'spec.rules[1].quotas',
    ]);
    const binding = { services: [{}, { name: 'a', service: 'b' }, { service: 'b', namespace: 'n', domain: 'd' }, { name: 'a.b' }], quotaSpecs: [{ namespace: 'Bad_NS' }] };
    expect(errorPaths('QuotaSpecBinding', binding)).toEqual([
      'spec.services[0]',
      'spec.services[1]',
      'spec.services[2].namespace',
      'spec.services[2].domain',
      'spec.services[3].name',
      'spec.quotaSpecs[0].name',
      'spec.quotaSpecs[0].namespace',
    ]);
  });
});

describe('HTTPAPISpec and HTTPAPISpecBinding', () => {
  it('accepts well-formed API specs and bindings', () => {
    const spec = {
      attributes: { attributes: { 'api.service': { stringValue: 'bookinfo' } } },
      patterns: [{ httpMethod: 'GET', uriTemplate: '/books/{id}' }, { http_method: 'POST', regex: '^/books$' }],
      api_keys: [{ query: 'key' }, { header: 'X-API-KEY' }],
    };
    expect(errorPaths('HTTPAPISpec', spec)).toEqual([]);
    expect(errorPaths('HTTPAPISpecBinding', { services: [{ name: 'bookinfo' }], apiSpecs: [{ name: 'petstore' }] })).toEqual([]);
  });
  it('reports missing patterns, empty values and empty attributes', () => {
    const spec = { attributes: { attributes: { 'api.service': { stringValue: '' } } }, patterns: [{ uriTemplate: '' }], apiKeys: [{ cookie: '' }] };
    expect(errorPaths('HTTPAPISpec', spec)).toEqual([
      'spec.attributes.attributes["api.service"].stringValue',
      'spec.patterns[0].httpMethod',
      'spec.patterns[0].uriTemplate',
      'spec.apiKeys[0].cookie',
    ]);
    expect(errorPaths('HTTPAPISpec', { attributes: {} })).toEqual(['spec.attributes.attributes', 'spec.patterns']);
    expect(errorPaths('HTTPAPISpecBinding', {})).toEqual(['spec.services', 'spec.apiSpecs']);
  });
});
