import { XdsTypeUrl } from '@tsmesh/contracts';
import { Backoff } from '@tsmesh/shared-runtime';
import pino from 'pino';
import { AdsClient } from './ads-client';
import { assignment, edsCluster, rdsListener, routeConfig, TestAdsServer } from './test-ads-server';
import type { XdsSnapshot } from './xds-state';

const DETAILS = 'outbound|9080||details.default.svc.cluster.local';
const REVIEWS = 'outbound|9080||reviews.default.svc.cluster.local';
const EDS = XdsTypeUrl.ClusterLoadAssignment;
const RDS = XdsTypeUrl.RouteConfiguration;

// Envoy's state-of-the-world rule: an EDS or RDS response may carry only some of the subscribed
// resources, and the client keeps the others; CDS and LDS responses are complete sets.
describe('AdsClient with partial EDS/RDS responses', () => {
  let pilot: TestAdsServer;
  let client: AdsClient;
  let applied: XdsSnapshot[];

  const ip = (name: string) => client.snapshot().loadAssignments.get(name)?.endpoints[0]?.address;
  const respond = async (typeUrl: string, versionInfo: string, nonce: string, resources: Parameters<TestAdsServer['send']>[0]['resources']) => {
    pilot.send({ typeUrl, versionInfo, nonce, resources });
    return pilot.waitFor((r) => r.responseNonce === nonce);
  };

  /** CDS c1 (details, reviews) with both assignments, LDS l1 (routes 9080 and 8080), RDS r1 with both. */
  const fullConfig = async (): Promise<void> => {
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster);
    await respond(XdsTypeUrl.Cluster, 'c1', 'n1', [edsCluster(DETAILS), edsCluster(REVIEWS)]);
    await pilot.waitFor((r) => r.typeUrl === EDS);
    await respond(EDS, 'e1', 'n2', [assignment(DETAILS, '127.0.0.12'), assignment(REVIEWS, '127.0.0.13')]);
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Listener);
    await respond(XdsTypeUrl.Listener, 'l1', 'n3', [rdsListener('0.0.0.0_9080', 9080, '9080'), rdsListener('0.0.0.0_8080', 8080, '8080')]);
    await pilot.waitFor((r) => r.typeUrl === RDS);
    await respond(RDS, 'r1', 'n4', [routeConfig('9080', DETAILS), routeConfig('8080', REVIEWS)]);
    expect(client.initialized()).toBe(true);
  };

  beforeEach(async () => {
    applied = [];
    pilot = new TestAdsServer();
    await pilot.start();
    client = new AdsClient({
      address: `127.0.0.1:${pilot.port}`,
      node: { id: 'sidecar~127.0.0.11~productpage-v1.default~default.svc.cluster.local', cluster: 'productpage.default', metadata: {} },
      log: pino({ level: 'silent' }),
      backoff: new Backoff({ initialMs: 20, maxMs: 100, multiplier: 2, jitter: 0 }),
      applier: (snapshot) => void applied.push(snapshot),
    });
    client.start();
  });
  afterEach(async () => {
    await client.stop();
    pilot.stop();
  });

  it('keeps the subscribed assignments an EDS response leaves out, and ACKs the response version', async () => {
    await fullConfig();
    const ack = await respond(EDS, 'e2', 'n5', [assignment(REVIEWS, '127.0.0.99')]);
    expect(ack).toMatchObject({ versionInfo: 'e2', resourceNames: [DETAILS, REVIEWS] });
    expect(ack.errorDetail).toBeUndefined();
    expect(ip(REVIEWS)).toBe('127.0.0.99');
    expect(ip(DETAILS)).toBe('127.0.0.12');
    expect(client.snapshot().versions[EDS]).toBe('e2');
    // config_dump keeps the version each resource arrived with.
    expect(client.snapshot().meta[EDS]?.get(DETAILS)?.version).toBe('e1');
    expect(client.snapshot().meta[EDS]?.get(REVIEWS)?.version).toBe('e2');
  });

  it('keeps the route configurations an RDS response leaves out', async () => {
    await fullConfig();
    await respond(RDS, 'r2', 'n5', [routeConfig('8080', DETAILS)]);
    expect(client.snapshot().routes.get('8080')?.clusterNames).toEqual([DETAILS]);
    expect(client.snapshot().routes.get('9080')?.clusterNames).toEqual([DETAILS]);
    expect(client.snapshot().versions[RDS]).toBe('r2');
  });

  it('drops resources once they are no longer subscribed; CDS and LDS responses stay complete sets', async () => {
    await fullConfig();
    await respond(XdsTypeUrl.Listener, 'l2', 'n5', [rdsListener('0.0.0.0_9080', 9080, '9080')]);
    await pilot.waitFor((r) => r.typeUrl === RDS && r.resourceNames.join() === '9080');
    await respond(RDS, 'r2', 'n6', []);
    expect([...client.snapshot().listeners.keys()]).toEqual(['0.0.0.0_9080']);
    expect([...client.snapshot().routes.keys()]).toEqual(['9080']);
    await respond(XdsTypeUrl.Cluster, 'c2', 'n7', [edsCluster(DETAILS)]);
    await pilot.waitFor((r) => r.typeUrl === EDS && r.resourceNames.join() === DETAILS);
    // Even before an EDS response, the next applied snapshot has no unsubscribed assignment.
    await respond(XdsTypeUrl.Listener, 'l3', 'n8', [rdsListener('0.0.0.0_9080', 9080, '9080')]);
    expect([...client.snapshot().clusters.keys()]).toEqual([DETAILS]);
    expect([...client.snapshot().loadAssignments.keys()]).toEqual([DETAILS]);
    await respond(EDS, 'e2', 'n9', [assignment(DETAILS, '127.0.0.14')]);
    expect([...client.snapshot().loadAssignments.keys()]).toEqual([DETAILS]);
    expect(ip(DETAILS)).toBe('127.0.0.14');
  });

  it('switches a warming cluster set in when a partial EDS response brings the missing assignment', async () => {
    await fullConfig();
    const RATINGS = 'outbound|9080||ratings.default.svc.cluster.local';
    await respond(XdsTypeUrl.Cluster, 'c2', 'n5', [edsCluster(DETAILS), edsCluster(REVIEWS), edsCluster(RATINGS)]);
    await pilot.waitFor((r) => r.typeUrl === EDS && r.resourceNames.includes(RATINGS));
    expect(client.snapshot().clusters.has(RATINGS)).toBe(false);
    await respond(EDS, 'e2', 'n6', [assignment(RATINGS, '127.0.0.15')]);
    expect([...client.snapshot().clusters.keys()].sort()).toEqual([DETAILS, RATINGS, REVIEWS]);
    expect([ip(DETAILS), ip(REVIEWS), ip(RATINGS)]).toEqual(['127.0.0.12', '127.0.0.13', '127.0.0.15']);
    // Every snapshot handed to the data plane had an assignment for each EDS cluster.
    for (const s of applied) for (const c of s.clusters.values()) if (c.edsServiceName) expect(s.loadAssignments.has(c.edsServiceName)).toBe(true);
  });

  it('NACKs a partial response with a bad resource, naming it, and keeps every last good assignment', async () => {
    await fullConfig();
    const bad = { typeUrl: XdsTypeUrl.Cluster, value: assignment(DETAILS, '127.0.0.50').value };
    const nack = await respond(EDS, 'e2', 'n5', [assignment(REVIEWS, '127.0.0.66'), bad]);
    expect(nack.versionInfo).toBe('e1');
    expect(nack.errorDetail?.message).toMatch(/type_url.*expected .*ClusterLoadAssignment, got .*Cluster/);
    expect([ip(DETAILS), ip(REVIEWS)]).toEqual(['127.0.0.12', '127.0.0.13']);
    const dup = await respond(EDS, 'e3', 'n6', [assignment(REVIEWS, '127.0.0.66'), assignment(REVIEWS, '127.0.0.67')]);
    expect(dup.errorDetail?.message).toMatch(/reviews.*duplicate resource name/);
    expect(ip(REVIEWS)).toBe('127.0.0.13');
    const ack = await respond(EDS, 'e4', 'n7', [assignment(REVIEWS, '127.0.0.77')]);
    expect(ack).toMatchObject({ versionInfo: 'e4' });
    expect([ip(DETAILS), ip(REVIEWS)]).toEqual(['127.0.0.12', '127.0.0.77']);
  });
});
