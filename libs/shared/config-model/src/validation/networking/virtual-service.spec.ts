import { validateSpec } from '../validate-spec';

const errorPaths = (spec: unknown): string[] =>
  validateSpec('VirtualService', spec, { name: 'vs', namespace: 'default' }).filter((i) => i.severity === 'error').map((i) => i.path);

describe('VirtualService', () => {
  it('accepts a weighted split with retries, fault, cors and snake_case fields', () => {
    const spec = {
      hosts: ['reviews', 'reviews.example.com'],
      gateways: ['mesh', 'istio-system/bookinfo-gateway'],
      http: [
        {
          match: [{ headers: { 'end-user': { exact: 'jason' } }, uri: { regex: '^/api/.*' } }],
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 75 },
            { destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } }, weight: 25 },
          ],
          retries: { attempts: 3, per_try_timeout: '2s', retryOn: '5xx,connect-failure,503' },
          fault: { delay: { percentage: { value: 0.1 }, fixedDelay: '7s' }, abort: { percent: 10, httpStatus: 400 } },
          corsPolicy: { allowOrigin: ['*', 'https://example.com:8443'], allowMethods: ['GET', 'POST'], maxAge: '24h' },
          timeout: '10s',
        },
      ],
      tcp: [{ match: [{ port: 27017, sourceSubnet: '10.0.0.0/8' }], route: [{ destination: { host: 'mongo' } }] }],
    };
    expect(errorPaths(spec)).toEqual([]);
  });

  it('reports every route problem with its path', () => {
    const spec = {
      hosts: ['*'],
      http: [
        {
          route: [
            { destination: { host: 'a', subset: 'V_1' }, weight: 60 },
            { destination: { host: '*' }, weight: 30 },
            { weight: 5 },
          ],
          redirect: { uri: '/x' },
          retries: { attempts: 0, perTryTimeout: '0.5ms', retryOn: 'bogus' },
          fault: { abort: { httpStatus: 700 }, delay: { fixedDelay: '500us' } },
          timeout: '1.5ms',
          mirror: { host: 'm', port: { name: 'http' } },
          match: [{ port: 70000, gateways: ['bad/gw.name'], uri: { regex: '(' } }],
        },
      ],
      tls: [{ match: [{ sniHosts: ['other.com'] }], route: [] }],
      exportTo: ['foo'],
      bogus: true,
    };
    expect(errorPaths(spec).sort()).toEqual(
      [
        'spec.bogus',
        'spec.exportTo[0]',
        'spec.hosts[0]',
        'spec.http[0].fault.abort.httpStatus',
        'spec.http[0].fault.delay.fixedDelay',
        'spec.http[0].match[0].gateways[0]',
        'spec.http[0].match[0].port',
        'spec.http[0].match[0].uri.regex',
        'spec.http[0].mirror.port.name',
        'spec.http[0].redirect',
        'spec.http[0].redirect',
        'spec.http[0].retries.attempts',
        'spec.http[0].retries.perTryTimeout',
        'spec.http[0].retries.retryOn',
        'spec.http[0].route',
        'spec.http[0].route[0].destination.subset',
        'spec.http[0].route[1].destination.host',
        'spec.http[0].route[2].destination',
        'spec.http[0].timeout',
        'spec.tls[0].route',
      ].sort(),
    );
  });

  it('requires hosts and at least one route kind, and flags duplicate hosts', () => {
    expect(errorPaths({})).toEqual(['spec.hosts', 'spec']);
    expect(errorPaths({ hosts: ['*.foo.com', 'a.foo.com'], http: [{ route: [{ destination: { host: 'a' } }] }] })).toEqual(['spec.hosts[1]']);
    const tls = [{ match: [{ sniHosts: ['a.bar.com', 'b.foo.com'] }], route: [{ destination: { host: 'a' } }] }];
    expect(errorPaths({ hosts: ['*.foo.com'], tls })).toEqual(['spec.tls[0].match[0].sniHosts[0]']);
  });
});
