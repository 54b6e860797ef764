import { cdsGenerator } from '../generators/cds';
import { bookinfoState, mcpResource as res, productpageProxy, pushOf } from '../generators/clusters/bookinfo.fixture';
import { sidecarFor, servicesVisibleTo } from './visibility';

const SIDECARS = 'istio/networking/v1alpha3/sidecars';
const SERVICES = 'k8s/core/v1/services';

const extraServices = [
  res('other/private', { spec: { clusterIP: '10.0.1.1', ports: [{ name: 'http', port: 80 }] } }, {}, { 'networking.istio.io/exportTo': '.' }),
  res('other/public', { spec: { clusterIP: '10.0.1.2', ports: [{ name: 'http', port: 80 }] } }),
  res('istio-system/istio-telemetry', { spec: { clusterIP: '10.0.2.1', ports: [{ name: 'grpc-mixer', port: 9091 }] } }),
];
const hostnames = (proxyLabels?: Record<string, string>, extra: ReadonlyArray<[string, ReturnType<typeof res>[]]> = []) =>
  servicesVisibleTo(productpageProxy(proxyLabels), pushOf(bookinfoState([[SERVICES, extraServices], ...extra]))).map((s) => s.hostname);

describe('servicesVisibleTo', () => {
  it('hides services exported only to their own namespace (exportTo ".")', () => {
    const visible = hostnames();
    expect(visible).toContain('public.other.svc.cluster.local');
    expect(visible).not.toContain('private.other.svc.cluster.local');
  });

  it('honors ServiceEntry exportTo', () => {
    const entries: [string, ReturnType<typeof res>[]] = ['istio/networking/v1alpha3/serviceentries', [
      res('other/local-only', { hosts: ['a.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', exportTo: ['.'] }),
      res('other/everyone', { hosts: ['b.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', exportTo: ['*'] }),
    ]];
    const visible = hostnames(undefined, [entries]);
    expect(visible).toContain('b.example.com');
    expect(visible).not.toContain('a.example.com');
  });

  it('limits a proxy to its Sidecar egress hosts (./*, istio-system/*, ns/host, wildcards)', () => {
    const sidecar = res('default/default', { egress: [{ hosts: ['./reviews.default.svc.cluster.local', './*.ratings.default.svc.cluster.local', 'istio-system/*'] }] });
    expect(hostnames(undefined, [[SIDECARS, [sidecar]]])).toEqual(['istio-telemetry.istio-system.svc.cluster.local', 'reviews.default.svc.cluster.local']);
    const everything = res('default/default', { egress: [{ hosts: ['*/*'] }] });
    expect(hostnames(undefined, [[SIDECARS, [everything]]])).toEqual(hostnames());
  });

  it('picks the selector match, then the namespace default, then the root namespace default', () => {
    const selected = res('default/pp', { workloadSelector: { labels: { app: 'productpage' } }, egress: [{ hosts: ['./reviews.default.svc.cluster.local'] }] });
    const nsDefault = res('default/default', { egress: [{ hosts: ['./*'] }] });
    const root = res('istio-system/default', { egress: [{ hosts: ['istio-system/*'] }] });
    const push = pushOf(bookinfoState([[SIDECARS, [selected, nsDefault, root]]]));
    expect(sidecarFor(productpageProxy(), push)?.name).toBe('pp');
    expect(sidecarFor(productpageProxy({ app: 'other' }), push)?.name).toBe('default');
    const rootOnly = pushOf(bookinfoState([[SIDECARS, [root]]]));
    expect(sidecarFor(productpageProxy(), rootOnly)?.namespace).toBe('istio-system');
  });

  it('takes the mesh-wide default from the mesh rootNamespace, not a fixed istio-system', () => {
    const inIstioSystem = res('istio-system/default', { egress: [{ hosts: ['istio-system/*'] }] });
    const inMeshRoot = res('mesh-root/default', { egress: [{ hosts: ['./*'] }] });
    const base = pushOf(bookinfoState([[SIDECARS, [inIstioSystem, inMeshRoot]]]));
    const push = { ...base, mesh: { ...base.mesh, rootNamespace: 'mesh-root' } };
    expect(sidecarFor(productpageProxy(), push)?.namespace).toBe('mesh-root');
    expect(sidecarFor(productpageProxy(), pushOf(bookinfoState([[SIDECARS, [inMeshRoot]]])))).toBeUndefined();
  });
});

describe('Sidecar scoping of CDS', () => {
  it('gives a scoped proxy fewer clusters and fewer bytes than an unscoped one', () => {
    const unscoped = cdsGenerator.generate(productpageProxy(), pushOf(bookinfoState([[SERVICES, extraServices]])), []);
    const sidecar = res('default/default', { egress: [{ hosts: ['./reviews.default.svc.cluster.local', 'istio-system/*'] }] });
    const scoped = cdsGenerator.generate(productpageProxy(), pushOf(bookinfoState([[SERVICES, extraServices], [SIDECARS, [sidecar]]])), []);
    const bytes = (rs: typeof scoped) => rs.reduce((n, r) => n + r.resource.value.length, 0);
    // reviews (4 clusters) + istio-telemetry (1) + inbound + two fallbacks.
    expect(scoped.map((r) => r.name)).toHaveLength(8);
    expect(unscoped.length).toBeGreaterThan(scoped.length);
    expect(bytes(unscoped)).toBeGreaterThan(bytes(scoped));
  });
});
