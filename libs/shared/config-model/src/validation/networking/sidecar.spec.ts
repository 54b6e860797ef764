import { validateSpec } from '../validate-spec';

const errorPaths = (spec: unknown): string[] =>
  validateSpec('Sidecar', spec, { name: 'default', namespace: 'bookinfo' }).filter((i) => i.severity === 'error').map((i) => i.path);

describe('Sidecar', () => {
  it('accepts ingress listeners and namespaced egress hosts with a final catch-all', () => {
    const spec = {
      workloadSelector: { labels: { app: 'ratings' } },
      ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'somename' }, defaultEndpoint: '127.0.0.1:8080' }],
      egress: [
        { port: { number: 0, protocol: 'HTTP' }, bind: 'unix:///var/run/a.sock', captureMode: 'NONE', hosts: ['*/*.svc.cluster.local'] },
        { hosts: ['./*', 'istio-system/*', '~/*.example.com'] },
      ],
    };
    expect(errorPaths(spec)).toEqual([]);
  });

  it('reports listener and host problems', () => {
    const spec = {
      workloadSelector: {},
      ingress: [
        { port: { number: 9080, protocol: 'HTTP' }, defaultEndpoint: '10.0.0.1:80' },
        { port: { number: 9080, protocol: 'HTTP' }, defaultEndpoint: ':abc' },
        { defaultEndpoint: ':80' },
      ],
      egress: [
        { hosts: ['*/*'] },
        { port: { number: 0, protocol: 'TCP' }, bind: '10.0.0.1', captureMode: 'IPTABLES', hosts: ['foo.com', 'ns/short', 'Bad_NS/a.com'] },
        { hosts: ['*/*'] },
        { hosts: [] },
      ],
    };
    expect(errorPaths(spec).sort()).toEqual(
      [
        'spec.workloadSelector.labels',
        'spec.ingress[0].defaultEndpoint',
        'spec.ingress[1].port.number',
        'spec.ingress[1].defaultEndpoint',
        'spec.ingress[2].port',
        'spec.egress[0]',
        'spec.egress[1].bind',
        'spec.egress[1].captureMode',
        'spec.egress[1].hosts[0]',
        'spec.egress[1].hosts[1]',
        'spec.egress[1].hosts[2]',
        'spec.egress[2]',
        'spec.egress[3].hosts',
      ].sort(),
    );
    expect(errorPaths({ egress: null })).toEqual(['spec.egress']);
  });
});
