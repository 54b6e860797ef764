import { validateSpec } from '../validate-spec';

const errorPaths = (spec: unknown): string[] =>
  validateSpec('DestinationRule', spec, { name: 'dr', namespace: 'default' }).filter((i) => i.severity === 'error').map((i) => i.path);

describe('DestinationRule', () => {
  it('accepts subsets and full traffic policies', () => {
    const spec = {
      host: 'reviews.prod.svc.cluster.local',
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '30ms' }, http: { http2MaxRequests: 1000 } },
        outlierDetection: { consecutiveErrors: 7, interval: '5m', baseEjectionTime: '15m', maxEjectionPercent: 100 },
        loadBalancer: { consistentHash: { httpCookie: { name: 'user', ttl: '0s' } } },
        tls: { mode: 'ISTIO_MUTUAL' },
        port_level_settings: [{ port: { number: 80 }, loadBalancer: { simple: 'LEAST_CONN' } }],
      },
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }],
      exportTo: ['*'],
    };
    expect(errorPaths(spec)).toEqual([]);
  });

  it('reports policy, subset and tls problems', () => {
    const spec = {
      host: '',
      trafficPolicy: {
        connectionPool: {},
        outlierDetection: { maxEjectionPercent: 101, interval: '0s' },
        tls: { mode: 'MUTUAL' },
        loadBalancer: { simple: 'FASTEST', consistentHash: { httpCookie: {} } },
        portLevelSettings: [{ port: { number: 80 } }],
      },
      subsets: [{ name: 'v1', labels: { 'bad key!': 'v1' } }, { name: 'v1', trafficPolicy: {} }],
    };
    expect(errorPaths(spec).sort()).toEqual(
      [
        'spec.host',
        'spec.trafficPolicy.loadBalancer.simple',
        'spec.trafficPolicy.connectionPool',
        'spec.trafficPolicy.outlierDetection.interval',
        'spec.trafficPolicy.outlierDetection.maxEjectionPercent',
        'spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name',
        'spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.ttl',
        'spec.trafficPolicy.tls.clientCertificate',
        'spec.trafficPolicy.tls.privateKey',
        'spec.trafficPolicy.portLevelSettings[0]',
        'spec.subsets[0].labels["bad key!"]',
        'spec.subsets[1].name',
        'spec.subsets[1].trafficPolicy',
      ].sort(),
    );
  });
});
