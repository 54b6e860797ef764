import { XdsTypeUrl } from '@tsmesh/contracts';
import { Backoff } from '@tsmesh/shared-runtime';
import { waitFor } from '@tsmesh/shared-testing';
import pino from 'pino';
import { AdsClient, type AdsClientOptions } from './ads-client';
import { assignment, edsCluster, rdsListener, routeConfig, TestAdsServer } from './test-ads-server';
import type { XdsSnapshot } from './xds-state';

const DETAILS = 'outbound|9080||details.default.svc.cluster.local';
const REVIEWS = 'outbound|9080||reviews.default.svc.cluster.local';

describe('AdsClient', () => {
  let pilot: TestAdsServer;
  let client: AdsClient;
  let applied: XdsSnapshot[];
  let rejectNext: string | undefined;

  const startClient = (extra: Partial<AdsClientOptions> = {}): void => {
    client = new AdsClient({
      address: `127.0.0.1:${pilot.port}`,
      node: { id: 'sidecar~127.0.0.11~productpage-v1.default~default.svc.cluster.local', cluster: 'productpage.default', metadata: { CONFIG_NAMESPACE: 'default' } },
      log: pino({ level: 'silent' }),
      backoff: new Backoff({ initialMs: 20, maxMs: 100, multiplier: 2, jitter: 0 }),
      applier: (snapshot) => {
        if (rejectNext) throw new Error(rejectNext);
        applied.push(snapshot);
      },
      ...extra,
    });
    client.start();
  };

  /** Brings the client to a full config: CDS v1 (details), EDS, LDS (one listener on route 9080), RDS. */
  const fullConfig = async (): Promise<void> => {
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster);
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'c1', nonce: 'n1', resources: [edsCluster(DETAILS)] });
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.ClusterLoadAssignment);
    pilot.send({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, versionInfo: 'e1', nonce: 'n2', resources: [assignment(DETAILS, '127.0.0.12')] });
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Listener);
    pilot.send({ typeUrl: XdsTypeUrl.Listener, versionInfo: 'l1', nonce: 'n3', resources: [rdsListener('0.0.0.0_9080', 9080, '9080')] });
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.RouteConfiguration);
    pilot.send({ typeUrl: XdsTypeUrl.RouteConfiguration, versionInfo: 'r1', nonce: 'n4', resources: [routeConfig('9080', DETAILS)] });
    await pilot.waitFor((r) => r.responseNonce === 'n4');
  };

  beforeEach(async () => {
    applied = [];
    rejectNext = undefined;
    pilot = new TestAdsServer();
    await pilot.start();
  });
  afterEach(async () => {
    await client.stop();
    pilot.stop();
  });

  it('subscribes in Envoy order: CDS wildcard, EDS for the clusters, LDS wildcard, RDS for the listeners\' route names', async () => {
    startClient();
    await fullConfig();
    const byType = (t: string) => pilot.requests.filter((r) => r.typeUrl === t);
    expect(pilot.requests[0]).toMatchObject({ typeUrl: XdsTypeUrl.Cluster, resourceNames: [], responseNonce: '', versionInfo: '' });
    expect(pilot.requests[0]?.node?.id).toBe('sidecar~127.0.0.11~productpage-v1.default~default.svc.cluster.local');
    expect(byType(XdsTypeUrl.ClusterLoadAssignment)[0]?.resourceNames).toEqual([DETAILS]);
    expect(byType(XdsTypeUrl.Listener)[0]?.resourceNames).toEqual([]);
    expect(byType(XdsTypeUrl.RouteConfiguration)[0]?.resourceNames).toEqual(['9080']);
    // Every response ACKed with its own version and nonce.
    for (const [nonce, version] of [['n1', 'c1'], ['n2', 'e1'], ['n3', 'l1'], ['n4', 'r1']]) {
      const ack = pilot.requests.find((r) => r.responseNonce === nonce);
      expect(ack).toMatchObject({ versionInfo: version });
      expect(ack?.errorDetail).toBeUndefined();
    }
    expect(client.initialized()).toBe(true);
    expect(client.snapshot().versions).toEqual({ [XdsTypeUrl.Cluster]: 'c1', [XdsTypeUrl.ClusterLoadAssignment]: 'e1', [XdsTypeUrl.Listener]: 'l1', [XdsTypeUrl.RouteConfiguration]: 'r1' });
    expect(client.snapshot().loadAssignments.get(DETAILS)?.endpoints).toEqual([{ address: '127.0.0.12', port: 9080, weight: 1 }]);
  });

  it('warms: clusters switch in only with their endpoints, listeners only once their routes and clusters are in', async () => {
    startClient();
    await fullConfig();
    // Every snapshot handed to the data plane was consistent.
    for (const s of applied) {
      for (const r of s.routes.values()) for (const c of r.clusterNames) expect(s.clusters.has(c)).toBe(true);
      for (const l of s.listeners.values()) for (const r of l.routeConfigNames) expect(s.routes.has(r)).toBe(true);
      for (const c of s.clusters.values()) if (c.edsServiceName) expect(s.loadAssignments.has(c.edsServiceName)).toBe(true);
    }
    // Pilot adds reviews and points the route at it: the route waits for the cluster, the cluster for its endpoints.
    pilot.send({ typeUrl: XdsTypeUrl.RouteConfiguration, versionInfo: 'r2', nonce: 'n5', resources: [routeConfig('9080', REVIEWS)] });
    await pilot.waitFor((r) => r.responseNonce === 'n5');
    expect(client.snapshot().routes.get('9080')?.clusterNames).toEqual([DETAILS]);
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'c2', nonce: 'n6', resources: [edsCluster(DETAILS), edsCluster(REVIEWS)] });
    const eds = await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.ClusterLoadAssignment && r.resourceNames.includes(REVIEWS));
    expect(eds.resourceNames).toEqual([DETAILS, REVIEWS]);
    expect([...client.snapshot().clusters.keys()]).toEqual([DETAILS]);
    expect(client.status().waiting.join()).toMatch(/clusters c2 warming: no endpoints yet for .*reviews/);
    pilot.send({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, versionInfo: 'e2', nonce: 'n7', resources: [assignment(DETAILS, '127.0.0.12'), assignment(REVIEWS, '127.0.0.13')] });
    await pilot.waitFor((r) => r.responseNonce === 'n7');
    expect([...client.snapshot().clusters.keys()].sort()).toEqual([DETAILS, REVIEWS]);
    expect(client.snapshot().routes.get('9080')?.clusterNames).toEqual([REVIEWS]);
    expect(client.snapshot().versions[XdsTypeUrl.RouteConfiguration]).toBe('r2');
  });

  it('applies a warming cluster set without its endpoints once the warming timeout passes', async () => {
    startClient({ warmingTimeoutMs: 200 });
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster);
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'c1', nonce: 'n1', resources: [edsCluster(DETAILS)] });
    await pilot.waitFor((r) => r.responseNonce === 'n1');
    expect(client.snapshot().clusters.size).toBe(0);
    await waitFor(() => client.snapshot().clusters.has(DETAILS), { timeoutMs: 5000 });
  });

  it('NACKs a bad listener naming the resource and field path, and keeps the last good config', async () => {
    startClient();
    await fullConfig();
    pilot.send({ typeUrl: XdsTypeUrl.Listener, versionInfo: 'l2', nonce: 'n5', resources: [rdsListener('0.0.0.0_9080', 9080, '9080'), rdsListener('0.0.0.0_8080', 8080, '')] });
    const nack = await pilot.waitFor((r) => r.responseNonce === 'n5');
    expect(nack.errorDetail?.message).toMatch(/Listener 0\.0\.0\.0_8080: filter_chains\[0\]\.filters\[0\]\.typed_config\.rds\.route_config_name: rds needs a route_config_name/);
    expect(nack.versionInfo).toBe('l1');
    expect(nack.resourceNames).toEqual([]);
    expect([...client.snapshot().listeners.keys()]).toEqual(['0.0.0.0_9080']);
    expect(client.status()).toMatchObject({ nacks: 1, lastNack: { version: 'l2', typeUrl: XdsTypeUrl.Listener } });
  });

  it('NACKs a cluster the adapters reject', async () => {
    startClient();
    await fullConfig();
    const bad = { ...edsCluster('bad') };
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'c2', nonce: 'n5', resources: [edsCluster(DETAILS), { typeUrl: XdsTypeUrl.Listener, value: bad.value }] });
    const nack = await pilot.waitFor((r) => r.responseNonce === 'n5');
    expect(nack.errorDetail?.message).toMatch(/type_url.*expected .*Cluster, got .*Listener/);
    expect(nack.versionInfo).toBe('c1');
  });

  it('NACKs the response whose snapshot the data plane rejects, with its error, keeping the previous snapshot', async () => {
    startClient();
    await fullConfig();
    const before = client.snapshot();
    rejectNext = 'Listener 0.0.0.0_9090: address: port 9090 is in use';
    pilot.send({ typeUrl: XdsTypeUrl.Listener, versionInfo: 'l2', nonce: 'n5', resources: [rdsListener('0.0.0.0_9080', 9080, '9080'), rdsListener('0.0.0.0_9090', 9090, '9080')] });
    const nack = await pilot.waitFor((r) => r.responseNonce === 'n5');
    expect(nack.errorDetail?.message).toContain('port 9090 is in use');
    expect(nack.versionInfo).toBe('l1');
    expect(client.snapshot()).toBe(before);
    rejectNext = undefined;
    pilot.send({ typeUrl: XdsTypeUrl.Listener, versionInfo: 'l3', nonce: 'n6', resources: [rdsListener('0.0.0.0_9080', 9080, '9080'), rdsListener('0.0.0.0_9090', 9090, '9080')] });
    await pilot.waitFor((r) => r.responseNonce === 'n6');
    expect([...client.snapshot().listeners.keys()].sort()).toEqual(['0.0.0.0_9080', '0.0.0.0_9090']);
  });

  it('keeps serving its snapshot while pilot is away and resubscribes every type with the accepted versions', async () => {
    startClient();
    await fullConfig();
    const port = pilot.port;
    pilot.stop();
    await waitFor(() => !client.status().connected, { timeoutMs: 5000 });
    expect([...client.snapshot().clusters.keys()]).toEqual([DETAILS]);
    pilot = new TestAdsServer();
    pilot.port = port;
    await pilot.start();
    for (const t of Object.values(XdsTypeUrl)) await pilot.waitFor((r) => r.typeUrl === t);
    expect(pilot.requests.slice(0, 4).map((r) => r.typeUrl)).toEqual([XdsTypeUrl.Cluster, XdsTypeUrl.ClusterLoadAssignment, XdsTypeUrl.Listener, XdsTypeUrl.RouteConfiguration]);
    const first = (t: string) => pilot.requests.find((r) => r.typeUrl === t);
    expect(first(XdsTypeUrl.Cluster)).toMatchObject({ versionInfo: 'c1', responseNonce: '', resourceNames: [] });
    expect(first(XdsTypeUrl.ClusterLoadAssignment)).toMatchObject({ versionInfo: 'e1', responseNonce: '', resourceNames: [DETAILS] });
    expect(first(XdsTypeUrl.Listener)).toMatchObject({ versionInfo: 'l1', responseNonce: '' });
    expect(first(XdsTypeUrl.RouteConfiguration)).toMatchObject({ versionInfo: 'r1', responseNonce: '', resourceNames: ['9080'] });
    // Resync: pilot pushes what changed meanwhile and the client applies it.
    pilot.send({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, versionInfo: 'e2', nonce: 'm1', resources: [assignment(DETAILS, '127.0.0.99')] });
    await pilot.waitFor((r) => r.responseNonce === 'm1');
    expect(client.snapshot().loadAssignments.get(DETAILS)?.endpoints[0]?.address).toBe('127.0.0.99');
  });

  it('works with a pilot that does not serve LDS/RDS: stops asking for them and becomes ready on CDS+EDS', async () => {
    pilot.unsupported = [XdsTypeUrl.Listener];
    startClient();
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster);
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'c1', nonce: 'n1', resources: [edsCluster(DETAILS)] });
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Listener);
    await waitFor(() => pilot.streams.length === 2, { timeoutMs: 5000 });
    await waitFor(() => pilot.requests.filter((r) => r.typeUrl === XdsTypeUrl.ClusterLoadAssignment).length >= 2, { timeoutMs: 5000 });
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'c1', nonce: 'm1', resources: [edsCluster(DETAILS)] });
    pilot.send({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, versionInfo: 'e1', nonce: 'm2', resources: [assignment(DETAILS, '127.0.0.12')] });
    await pilot.waitFor((r) => r.responseNonce === 'm2');
    expect(client.initialized()).toBe(true);
    expect(pilot.requests.filter((r) => r.typeUrl === XdsTypeUrl.Listener)).toHaveLength(1);
  });
});
