import type { ConfigProblem, ParsedResource, Snapshot } from '@tsmesh/galley-source';
import { waitFor } from '@tsmesh/shared-testing';
import pino from 'pino';
import { KubernetesSource } from './kubernetes-source';
import { FakeKubeApi } from './testing/fake-kube-api';

const SERVICES = '/api/v1/services';
const VIRTUAL_SERVICES = '/apis/networking.istio.io/v1alpha3/virtualservices';
const svc = (name: string, port: number) => ({ metadata: { name, namespace: 'demo' }, spec: { ports: [{ name: 'http', port }] } });
const vs = (name: string, host: string) => ({
  apiVersion: 'networking.istio.io/v1alpha3',
  kind: 'VirtualService',
  metadata: { name, namespace: 'demo' },
  spec: { hosts: [host] },
});

describe('KubernetesSource', () => {
  let api: FakeKubeApi;
  let source: KubernetesSource | undefined;
  const snapshots: Array<{ snapshot: Snapshot; problems: readonly ConfigProblem[] }> = [];
  const served = (collection: string) => snapshots.at(-1)?.snapshot.collections.get(collection)?.resources ?? [];
  const services = () => served('k8s/core/v1/services');
  const port = (name: string) => (services().find((r) => r.name === `demo/${name}`)?.body['spec'] as { ports: Array<{ port: number }> } | undefined)?.ports[0]?.port;
  const until = (what: string, check: () => boolean) => waitFor(async () => check(), { timeoutMs: 5000, intervalMs: 10, what });

  beforeEach(async () => {
    snapshots.length = 0;
    api = new FakeKubeApi().serve(SERVICES, 'ServiceList').serve(VIRTUAL_SERVICES, 'VirtualServiceList');
    await api.start();
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    await api.stop();
  });

  const start = async (collections = ['k8s/core/v1/services', 'istio/networking/v1alpha3/virtualservices'], debounceMs = 30, validate?: (r: ParsedResource, peers?: readonly ParsedResource[]) => ConfigProblem[]) => {
    source = new KubernetesSource({
      ...(validate && { validate }),
      server: api.url,
      token: 'test-token',
      collections,
      debounceMs,
      log: pino({ level: 'silent' }),
      backoff: { initialMs: 20, maxMs: 100 },
      onSnapshot: (snapshot, problems) => snapshots.push({ snapshot, problems }),
    });
    await source.start();
  };

  it('publishes the initial list as one snapshot', async () => {
    await api.change(SERVICES, 'ADDED', svc('reviews', 9080));
    await api.change(VIRTUAL_SERVICES, 'ADDED', vs('reviews', 'reviews.demo.svc.cluster.local'));
    await start();
    expect(snapshots).toHaveLength(1);
    expect(services().map((r) => r.name)).toEqual(['demo/reviews']);
    expect(port('reviews')).toBe(9080);
    expect(served('istio/networking/v1alpha3/virtualservices')[0]?.body).toEqual({ hosts: ['reviews.demo.svc.cluster.local'] });
    expect(snapshots[0]?.problems).toEqual([]);
    await until('services watch', () => api.watchRequests(SERVICES).length === 1);
    expect(api.watchRequests(SERVICES)[0]?.get('allowWatchBookmarks')).toBe('true');
    expect(api.watchRequests(SERVICES)[0]?.get('resourceVersion')).toBe('102');
    expect(new Set(api.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer test-token']));
  });

  it('applies ADDED, MODIFIED and DELETED events that arrive split across chunks', async () => {
    await api.change(SERVICES, 'ADDED', svc('reviews', 9080));
    await start();
    await until('services watch', () => api.watchRequests(SERVICES).length === 1);
    await api.change(SERVICES, 'ADDED', svc('ratings', 9090), { split: true });
    await until('ratings added', () => port('ratings') === 9090);
    await api.change(SERVICES, 'MODIFIED', svc('ratings', 9091), { split: true });
    await until('ratings modified', () => port('ratings') === 9091);
    await api.change(SERVICES, 'DELETED', svc('reviews', 9080), { split: true });
    await until('reviews deleted', () => services().map((r) => r.name).join() === 'demo/ratings');
  });

  it('coalesces a burst of events into one snapshot', async () => {
    await start(undefined, 150);
    await until('services watch', () => api.watchRequests(SERVICES).length === 1);
    for (let i = 0; i < 5; i++) await api.change(SERVICES, 'ADDED', svc(`s${i}`, 8000 + i));
    await until('burst applied', () => services().length === 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(snapshots).toHaveLength(2);
  });

  it('resumes a watch from the resourceVersion of the last bookmark', async () => {
    await start(['k8s/core/v1/services']);
    await until('services watch', () => api.watchRequests(SERVICES).length === 1);
    api.bookmark(SERVICES, '500');
    await until('bookmark seen', () => source?.resourceVersions().get('k8s/core/v1/services') === '500');
    api.endWatches();
    await until('watch resumed', () => api.watchRequests(SERVICES).length === 2);
    expect(api.watchRequests(SERVICES)[1]?.get('resourceVersion')).toBe('500');
    expect(api.listRequests(SERVICES)).toBe(1);
    expect(snapshots).toHaveLength(1);
  });

  it.each(['HTTP', 'ERROR'] as const)('re-lists when the watch answers 410 Gone (%s)', async (style) => {
    api.goneStyle = style;
    await api.change(SERVICES, 'ADDED', svc('reviews', 9080));
    await start(['k8s/core/v1/services']);
    await until('services watch', () => api.watchRequests(SERVICES).length === 1);
    await api.change(SERVICES, 'MODIFIED', svc('reviews', 9081), { silent: true });
    api.compact();
    if (style === 'HTTP') api.endWatches();
    await until('re-listed', () => api.listRequests(SERVICES) === 2);
    await until('missed change applied', () => port('reviews') === 9081);
    await until('watching again', () => api.watchRequests(SERVICES).length === 3 - (style === 'ERROR' ? 1 : 0));
    await api.change(SERVICES, 'ADDED', svc('ratings', 9090));
    await until('watch after re-list works', () => port('ratings') === 9090);
  });

  it('keeps serving while the API server is down and catches up when it returns', async () => {
    await api.change(SERVICES, 'ADDED', svc('reviews', 9080));
    await start(['k8s/core/v1/services']);
    await until('services watch', () => api.watchRequests(SERVICES).length === 1);
    await api.stop();
    const requestsWhileDown = api.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(port('reviews')).toBe(9080);
    expect(source?.problems()).toEqual([]);
    await api.change(SERVICES, 'MODIFIED', svc('reviews', 9081), { silent: true });
    await api.start();
    await until('caught up', () => port('reviews') === 9081);
    expect(api.requests.length).toBeGreaterThan(requestsWhileDown);
    expect(api.watchRequests(SERVICES).at(-1)?.get('resourceVersion')).toBe('101');
  });

  it('reports a missing CRD for its collection only', async () => {
    await api.stop();
    api = new FakeKubeApi().serve(SERVICES, 'ServiceList'); // the VirtualService CRD is not installed
    await api.start();
    await api.change(SERVICES, 'ADDED', svc('reviews', 9080));
    await start();
    expect(services().map((r) => r.name)).toEqual(['demo/reviews']);
    expect(served('istio/networking/v1alpha3/virtualservices')).toEqual([]);
    expect(snapshots[0]?.problems).toHaveLength(1);
    expect(snapshots[0]?.problems[0]).toMatchObject({ file: VIRTUAL_SERVICES, reason: expect.stringContaining('is the CRD installed?') });
    await api.change(SERVICES, 'ADDED', svc('ratings', 9090));
    await until('services still watched', () => port('ratings') === 9090);
  });

  it('validates objects like files: an invalid update is reported and the last good version stays', async () => {
    const noWildcardHosts = (r: ParsedResource): ConfigProblem[] =>
      (r.body['hosts'] as string[] | undefined)?.includes('*') ? [{ file: r.file, line: 0, resource: `${r.kind} ${r.key}`, field: 'spec.hosts[0]', reason: 'wildcard not allowed here' }] : [];
    await api.change(VIRTUAL_SERVICES, 'ADDED', vs('reviews', 'reviews.demo.svc.cluster.local'));
    await start(undefined, 30, noWildcardHosts);
    await until('virtualservices watch', () => api.watchRequests(VIRTUAL_SERVICES).length === 1);
    await api.change(VIRTUAL_SERVICES, 'MODIFIED', vs('reviews', '*'));
    await until('the problem is reported', () => (snapshots.at(-1)?.problems.length ?? 0) === 1);
    expect(snapshots.at(-1)?.problems[0]).toMatchObject({ resource: 'VirtualService demo/reviews', field: 'spec.hosts[0]' });
    expect(served('istio/networking/v1alpha3/virtualservices')[0]?.body).toEqual({ hosts: ['reviews.demo.svc.cluster.local'] });
  });

  it('validates again a rejected object when the attributemanifests change', async () => {
    const INSTANCES = '/apis/config.istio.io/v1alpha2/instances';
    const MANIFESTS = '/apis/config.istio.io/v1alpha2/attributemanifests';
    api.serve(INSTANCES, 'instanceList').serve(MANIFESTS, 'attributemanifestList');
    // Stands in for galley's validation: an instance needs an attributemanifest among its peers.
    const needsManifest = (r: ParsedResource, peers: readonly ParsedResource[] = []): ConfigProblem[] =>
      r.kind === 'instance' && !peers.some((p) => p.kind === 'attributemanifest')
        ? [{ file: r.file, line: 0, resource: `${r.kind} ${r.key}`, field: 'spec.params.dimensions.tenant', reason: "unknown attribute 'tenant.id'" }]
        : [];
    const meta = (name: string) => ({ name, namespace: 'istio-system' });
    await api.change(INSTANCES, 'ADDED', { metadata: meta('tenantcount'), spec: { compiledTemplate: 'metric', params: { value: '1', dimensions: { tenant: 'tenant.id' } } } });
    await start(['istio/policy/v1beta1/instances', 'istio/policy/v1beta1/attributemanifests'], 30, needsManifest);
    expect(served('istio/policy/v1beta1/instances')).toEqual([]);
    expect(snapshots.at(-1)?.problems.map((p) => p.reason)).toEqual(["unknown attribute 'tenant.id'"]);

    await until('attributemanifests watch', () => api.watchRequests(MANIFESTS).length === 1);
    await api.change(MANIFESTS, 'ADDED', { metadata: meta('tenant'), spec: { attributes: { 'tenant.id': { valueType: 'STRING' } } } });
    await until('the instance is served', () => served('istio/policy/v1beta1/instances').length === 1);
    expect(snapshots.at(-1)?.problems).toEqual([]);
  });
});
