import type { McpResource } from '@tsmesh/shared-mcp';
import { protocolFromPortName } from './model';
import { ServiceRegistry } from './registry';

const res = (name: string, body: Record<string, unknown>, labels: Record<string, string> = {}): McpResource => ({ name, version: '1', labels, annotations: {}, body });

const state = new Map<string, McpResource[]>([
  ['k8s/core/v1/services', [res('default/reviews', { spec: { clusterIP: '10.0.0.7', ports: [{ name: 'http', port: 9080, targetPort: 9080 }, { name: 'metrics', port: 9090 }] } })]],
  ['k8s/core/v1/endpoints', [res('default/reviews', { subsets: [{ addresses: [{ ip: '10.1.0.1', targetRef: { kind: 'Pod', name: 'reviews-v1-abc' } }, { ip: '10.1.0.2' }], ports: [{ name: 'http', port: 9080 }] }] })]],
  ['k8s/core/v1/pods', [res('default/reviews-v1-abc', { spec: { serviceAccountName: 'bookinfo-reviews' } }, { app: 'reviews', version: 'v1' })]],
  ['istio/networking/v1alpha3/serviceentries', [res('default/ext', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', location: 'MESH_EXTERNAL' })]],
]);

describe('ServiceRegistry', () => {
  const registry = ServiceRegistry.build(state);

  it('names Kubernetes services by FQDN and derives protocols from port names', () => {
    const reviews = registry.service('reviews.default.svc.cluster.local');
    expect(reviews).toMatchObject({ address: '10.0.0.7', resolution: 'ClientSideLB', meshExternal: false });
    expect(reviews?.ports.map((p) => [p.port, p.protocol])).toEqual([[9080, 'HTTP'], [9090, 'TCP']]);
  });

  it('attaches endpoints by port name with labels and service account from the pod', () => {
    expect(registry.endpoints('reviews.default.svc.cluster.local', 9080)).toEqual([
      { hostname: 'reviews.default.svc.cluster.local', servicePort: 9080, address: '10.1.0.1', port: 9080, labels: { app: 'reviews', version: 'v1' }, serviceAccount: 'bookinfo-reviews' },
      { hostname: 'reviews.default.svc.cluster.local', servicePort: 9080, address: '10.1.0.2', port: 9080, labels: {}, serviceAccount: undefined },
    ]);
    expect(registry.endpoints('reviews.default.svc.cluster.local', 9090)).toEqual([]);
  });

  it('adds ServiceEntry hosts; DNS entries without endpoints resolve the host itself', () => {
    expect(registry.service('api.example.com')).toMatchObject({ resolution: 'DNS', meshExternal: true, source: 'serviceentry' });
    expect(registry.endpoints('api.example.com', 443).map((e) => `${e.address}:${e.port}`)).toEqual(['api.example.com:443']);
  });
});

describe('protocolFromPortName', () => {
  it.each([
    ['http', 'HTTP'], ['http-web', 'HTTP'], ['HTTP2', 'HTTP2'], ['grpc', 'GRPC'], ['grpc-web', 'GRPC-Web'], ['grpc-web-x', 'GRPC-Web'],
    ['grpc-x', 'GRPC'], ['https', 'HTTPS'], ['tls-a', 'TLS'], ['mongo', 'Mongo'], ['redis', 'Redis'], ['mysql', 'MySQL'], ['metrics', 'TCP'], [undefined, 'TCP'],
  ])('%s => %s', (name, protocol) => {
    expect(protocolFromPortName(name)).toBe(protocol);
  });
});

describe('ServiceRegistry completeness', () => {
  const more = new Map<string, McpResource[]>([
    ['k8s/core/v1/nodes', [res('node-1', {}, { 'failure-domain.beta.kubernetes.io/region': 'eu', 'failure-domain.beta.kubernetes.io/zone': 'eu-1' })]],
    ['k8s/core/v1/services', [{ ...res('team/api', { spec: { clusterIP: '10.0.0.9', ports: [{ name: 'grpc', port: 7070 }] } }), annotations: { 'networking.istio.io/exportTo': '.' } }]],
    ['k8s/core/v1/endpoints', [res('team/api', { subsets: [{ addresses: [{ ip: '10.1.0.5', targetRef: { kind: 'Pod', name: 'api-1' } }], ports: [{ name: 'grpc', port: 7070 }] }] })]],
    ['k8s/core/v1/pods', [res('team/api-1', { spec: { serviceAccountName: 'api', nodeName: 'node-1' } }, { app: 'api' })]],
    ['istio/networking/v1alpha3/serviceentries', [res('team/vms', {
      hosts: ['vm.internal', '*.wild.example.com'], addresses: ['192.168.0.0/24'], location: 'MESH_INTERNAL', resolution: 'STATIC', exportTo: ['.'],
      ports: [{ number: 80, name: 'http', protocol: 'HTTP' }],
      endpoints: [{ address: '192.168.0.7', ports: { http: 8080 }, labels: { version: 'v1' }, weight: 3, locality: 'eu/eu-2/rack-9' }],
    })]],
  ]);
  const registry = ServiceRegistry.build(more);

  it('reads the exportTo annotation, and the pod node locality and service account onto endpoints', () => {
    expect(registry.service('api.team.svc.cluster.local')?.exportTo).toEqual(['.']);
    expect(registry.endpoints('api.team.svc.cluster.local', 7070)[0]).toMatchObject({ locality: 'eu/eu-1', serviceAccount: 'api' });
    expect(registry.serviceAccounts('api.team.svc.cluster.local', 7070)).toEqual(['api']);
    expect(registry.instancesAt('10.1.0.5').map((e) => e.hostname)).toEqual(['api.team.svc.cluster.local']);
  });

  it('builds MESH_INTERNAL STATIC ServiceEntries with wildcard hosts, addresses, exportTo, labels, weights and locality', () => {
    expect(registry.service('*.wild.example.com')).toMatchObject({ meshExternal: false, resolution: 'ClientSideLB', address: '192.168.0.0/24', exportTo: ['.'] });
    expect(registry.endpoints('vm.internal', 80)).toEqual([
      { hostname: 'vm.internal', servicePort: 80, address: '192.168.0.7', port: 8080, labels: { version: 'v1' }, weight: 3, locality: 'eu/eu-2/rack-9' },
    ]);
  });
});
