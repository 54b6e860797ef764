import { Pool } from 'undici';
import { cleanup, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { LocalityMesh, NAMESPACE } from './locality-mesh';
import { LocalityUpstream, sendRequests, servedFrom, type Tally } from './locality-upstreams';

// Issue 6: locality-weighted load balancing and failover, Istio YAML in galley's directory →
// pilot (--enable-locality-lb, --mesh-config) → the client's sidecar in region1/zone1 → real
// HTTP servers on loopback that a ServiceEntry places in three localities.
const HOST = 'echo.locality.test';
const AUTHORITY = `${HOST}:8080`;
const CLIENT_LOCALITY = 'region1/zone1';

const upstreams = [
  new LocalityUpstream('z1-a', 'region1/zone1'),
  new LocalityUpstream('z1-b', 'region1/zone1'),
  new LocalityUpstream('z2-a', 'region1/zone2'),
  new LocalityUpstream('r2-a', 'region2/zone1'),
];
const [z1a, z1b, z2a, r2a] = upstreams as [LocalityUpstream, LocalityUpstream, LocalityUpstream, LocalityUpstream];

function serviceEntryYaml(): string {
  const endpoints = upstreams.map((u) => `  - {address: 127.0.0.1, ports: {http: ${u.port}}, locality: ${u.locality}, labels: {upstream: ${u.name}}}`).join('\n');
  return `apiVersion: networking.istio.io/v1alpha3\nkind: ServiceEntry\nmetadata: {name: echo, namespace: ${NAMESPACE}}\nspec:\n  hosts: [${HOST}]\n  location: MESH_INTERNAL\n  resolution: STATIC\n  ports: [{number: 8080, name: http, protocol: HTTP}]\n  endpoints:\n${endpoints}\n`;
}

const K8S_HOST = `echo.${NAMESPACE}.svc.cluster.local`;
const NODES: Record<string, string> = { 'region1/zone1': 'node-z1', 'region1/zone2': 'node-z2', 'region2/zone1': 'node-r2' };

/** Nodes with failure-domain labels, a Pod per upstream on the node of its locality, and the Service and Endpoints over them. */
function kubernetesYaml(): string {
  const nodes = Object.entries(NODES).map(([locality, node]) => {
    const [region, zone] = locality.split('/');
    return `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${node}\n  labels: {failure-domain.beta.kubernetes.io/region: ${region}, failure-domain.beta.kubernetes.io/zone: ${zone}}\n`;
  });
  const pods = upstreams.map((u) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${u.name}, namespace: ${NAMESPACE}, labels: {app: echo}}\nspec:\n  nodeName: ${NODES[u.locality]}\n  containers: [{name: echo, image: echo}]\nstatus: {podIP: 127.0.0.1}\n`);
  const subsets = upstreams.map((u) => `- addresses: [{ip: 127.0.0.1, targetRef: {kind: Pod, name: ${u.name}, namespace: ${NAMESPACE}}}]\n  ports: [{name: http, port: ${u.port}}]`).join('\n');
  return [
    ...nodes,
    ...pods,
    `apiVersion: v1\nkind: Service\nmetadata: {name: echo, namespace: ${NAMESPACE}}\nspec:\n  selector: {app: echo}\n  ports: [{name: http, port: 8080}]\n`,
    `apiVersion: v1\nkind: Endpoints\nmetadata: {name: echo, namespace: ${NAMESPACE}}\nsubsets:\n${subsets}\n`,
  ].join('---\n');
}

/** Eject an endpoint after 3 consecutive 5xx, sweep every second, keep it out 2 s; any share of the hosts may be ejected. */
const outlierDr = (name: string, host: string) =>
  `apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata: {name: ${name}, namespace: ${NAMESPACE}}\nspec:\n  host: ${host}\n  trafficPolicy:\n    outlierDetection: {consecutiveErrors: 3, interval: 1s, baseEjectionTime: 2s, maxEjectionPercent: 100}\n`;

const MESH_CONFIG_80_20 = `# Istio MeshConfig, as the istio ConfigMap's mesh key\nrootNamespace: istio-system\nenableTracing: false\nlocalityLbSetting:\n  distribute:\n  - from: region1/zone1/*\n    to:\n      "region1/zone1/*": 80\n      "region1/zone2/*": 20\n`;

const summary = (t: Tally) => JSON.stringify(t);
const allFailing = (failing: boolean) => upstreams.forEach((u) => (u.failing = failing));

describe('locality load balancing end to end (ServiceEntry endpoints in three localities, client in region1/zone1)', () => {
  const harness = new ProcessHarness(10_000);
  let mesh: LocalityMesh;
  let pool: Pool;
  const send = (count: number) => sendRequests(pool, AUTHORITY, count);
  /** `count` requests until `ok` holds for their tally; the timeout message quotes the last tally. */
  const until = (what: string, count: number, ok: (t: Tally) => boolean, timeoutMs = 30_000) =>
    waitFor(async () => {
      const t = await send(count);
      if (!ok(t)) throw new Error(summary(t));
      return t;
    }, { timeoutMs, intervalMs: 200, what });

  beforeAll(async () => {
    const dir = await makeTempDir('tsmesh-locality-');
    mesh = new LocalityMesh(harness, dir);
    for (const u of upstreams) await u.start();
    await mesh.start(CLIENT_LOCALITY, ['--enable-locality-lb']);
    await mesh.applyConfig('echo-service-entry.yaml', serviceEntryYaml());
    pool = new Pool(`http://${mesh.clientIp}:15001`, { connections: 16, headersTimeout: 30_000, bodyTimeout: 30_000 });
    // Without outlierDetection every locality has priority 0: round robin reaches all four.
    await until('all four endpoints answering through the client sidecar', 40, (t) => Object.keys(t.byUpstream).length === 4, 60_000);
  }, 180_000);

  afterEach(() => allFailing(false));

  afterAll(async () => {
    await pool?.close();
    await harness.stopAll();
    for (const u of upstreams) await u.close();
    await cleanup();
  });

  it('with outlierDetection keeps traffic in the client\'s zone, fails over zone by zone, then region, and comes back', async () => {
    await mesh.applyConfig('echo-destination-rule.yaml', outlierDr('echo', HOST));
    await until('the local zone alone serving', 40, (t) => servedFrom(t, upstreams, CLIENT_LOCALITY) === 40);
    const local = await send(200);
    expect([servedFrom(local, upstreams, 'region1/zone1'), servedFrom(local, upstreams, 'region1/zone2'), servedFrom(local, upstreams, 'region2')]).toEqual([200, 0, 0]);
    // Both zone1 endpoints fail: ejected, so zone2 (same region, priority 1) takes everything.
    z1a.failing = z1b.failing = true;
    await until('zone2 serving while zone1 fails', 20, (t) => t.byUpstream[z2a.name] === 20);
    const zone2 = await send(100);
    expect(zone2.byUpstream).toEqual({ [z2a.name]: 100 });
    // zone2 fails as well: the other region is all that is left.
    z2a.failing = true;
    await until('region2 serving while region1 fails', 20, (t) => t.byUpstream[r2a.name] === 20);
    const region2 = await send(100);
    expect(region2.byUpstream).toEqual({ [r2a.name]: 100 });
    // Restored: once the ejections expire the local zone has all the traffic again.
    allFailing(false);
    await until('traffic back in the local zone', 40, (t) => servedFrom(t, upstreams, CLIENT_LOCALITY) === 40);
    const back = await send(200);
    console.log(JSON.stringify({ scenario: 'failover', local: summary(local), zone2: summary(zone2), region2: summary(region2), back: summary(back) }));
    expect(servedFrom(back, upstreams, CLIENT_LOCALITY)).toBe(200);
  }, 180_000);

  it('takes endpoint localities from the failure-domain labels of the pods\' nodes (Kubernetes Service and Endpoints)', async () => {
    const authority = `${K8S_HOST}:8080`;
    const k8s = (what: string, count: number, ok: (t: Tally) => boolean) =>
      waitFor(async () => {
        const t = await sendRequests(pool, authority, count);
        if (!ok(t)) throw new Error(summary(t));
        return t;
      }, { timeoutMs: 60_000, intervalMs: 200, what });
    await mesh.applyConfig('echo-kubernetes.yaml', kubernetesYaml());
    await k8s('all four pods answering through the Service', 40, (t) => Object.keys(t.byUpstream).length === 4);
    await mesh.applyConfig('echo-k8s-destination-rule.yaml', outlierDr('echo-k8s', K8S_HOST));
    await k8s('the pods on the client\'s zone\'s node alone serving', 40, (t) => servedFrom(t, upstreams, CLIENT_LOCALITY) === 40);
    const local = await sendRequests(pool, authority, 100);
    z1a.failing = z1b.failing = true;
    const zone2 = await k8s('the pod on the zone2 node serving while zone1 fails', 20, (t) => t.byUpstream[z2a.name] === 20);
    console.log(JSON.stringify({ scenario: 'kubernetes-nodes', local: summary(local), zone2: summary(zone2) }));
    expect(servedFrom(local, upstreams, CLIENT_LOCALITY)).toBe(100);
  }, 180_000);

  it('splits traffic 80/20 between zone1 and zone2 with the mesh config\'s localityLbSetting.distribute, none to the unnamed region', async () => {
    await mesh.removeConfig('echo-destination-rule.yaml');
    const meshFile = await mesh.writeStateFile('mesh', MESH_CONFIG_80_20);
    await mesh.startPilot(['--enable-locality-lb', '--mesh-config', meshFile]);
    expect(mesh.pilot?.output()).toContain('mesh config read');
    await until('the distribute weights reaching the client sidecar', 50, (t) => servedFrom(t, upstreams, 'region2') === 0 && servedFrom(t, upstreams, 'region1/zone2') > 0, 60_000);
    const n = 1_000;
    const split = await send(n);
    const zone1 = servedFrom(split, upstreams, 'region1/zone1');
    const zone2 = servedFrom(split, upstreams, 'region1/zone2');
    console.log(JSON.stringify({ scenario: 'distribute-80-20', n, zone1, zone2, region2: servedFrom(split, upstreams, 'region2'), tally: split }));
    expect(split.failures).toEqual({});
    expect(servedFrom(split, upstreams, 'region2')).toBe(0);
    // Binomial(1000, 0.8): standard deviation 12.6, so ±50 is about four of them.
    expect(zone1).toBeGreaterThanOrEqual(750);
    expect(zone1).toBeLessThanOrEqual(850);
    expect(zone1 + zone2).toBe(n);
  }, 180_000);
});
