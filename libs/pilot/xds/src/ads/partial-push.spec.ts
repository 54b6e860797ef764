import { Server, ServerCredentials } from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type { DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import type { McpResource } from '@tsmesh/shared-mcp';
import { waitFor } from '@tsmesh/shared-testing';
import pino from 'pino';
import { edsGenerator } from '../generators/eds';
import { Discovery } from '../server/discovery';
import { NODE, openStream } from './ads-test-stream';

const EDS = XdsTypeUrl.ClusterLoadAssignment;
const RDS = XdsTypeUrl.RouteConfiguration;
const REVIEWS = 'outbound|9080||reviews.default.svc.cluster.local';
const RATINGS = 'outbound|8080||ratings.default.svc.cluster.local';
const DETAILS = 'outbound|9080||details.default.svc.cluster.local';

const meta = (name: string, version: string) => ({ name: `default/${name}`, version, labels: {}, annotations: {} });
const svc = (name: string, port: number): McpResource => ({ ...meta(name, '1'), body: { spec: { ports: [{ name: 'http', port }] } } });
const eps = (name: string, port: number, ip: string): McpResource => ({ ...meta(name, ip), body: { subsets: [{ addresses: [{ ip }], ports: [{ name: 'http', port }] }] } });
const claNames = (r: DiscoveryResponse) => r.resources.map((a) => ClusterLoadAssignment.decode(a.value).clusterName).sort();
const routeNames = (r: DiscoveryResponse) => r.resources.map((a) => RouteConfiguration.decode(a.value).name).sort();

// Real generators and a real gRPC server: pushes carry only the EDS/RDS resources that changed.
describe('partial EDS/RDS pushes', () => {
  let server: Server;
  let port: number;
  let discovery: Discovery;
  let services: McpResource[];

  const endpoints = (reviewsIp: string, ratingsIp: string) => discovery.applyUpdate({ collection: 'k8s/core/v1/endpoints', version: `${reviewsIp}-${ratingsIp}`, resources: [eps('reviews', 9080, reviewsIp), eps('ratings', 8080, ratingsIp), eps('details', 9080, '10.0.0.9')] });

  beforeEach(async () => {
    discovery = new Discovery({ log: pino({ level: 'silent' }), meter: metrics.getMeter('test'), debounce: { afterMs: 5, maxMs: 50 }, domainSuffix: 'cluster.local' });
    server = new Server();
    server.addService(discovery.ads.service.definition, discovery.ads.service.implementation);
    port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    services = [svc('reviews', 9080), svc('ratings', 8080)];
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '1', resources: services });
    endpoints('10.0.0.1', '10.0.0.2');
    discovery.push();
  });
  afterEach(async () => {
    discovery.stop();
    await new Promise<void>((r) => server.tryShutdown(() => r()));
  });

  /** A proxy subscribed to EDS for reviews and ratings and RDS 9080/8080, everything ACKed. */
  async function subscribed(id = NODE.id) {
    const ads = openStream(port, { id });
    const names = { [EDS]: [REVIEWS, RATINGS], [RDS]: ['8080', '9080'] };
    ads.send({ typeUrl: EDS, resourceNames: names[EDS] });
    ads.send({ typeUrl: RDS, resourceNames: names[RDS] });
    await ads.next(2);
    expect(claNames(ads.responses[0] as DiscoveryResponse)).toEqual([RATINGS, REVIEWS].sort());
    for (const r of ads.responses) ads.send({ typeUrl: r.typeUrl, versionInfo: r.versionInfo, responseNonce: r.nonce, resourceNames: names[r.typeUrl as typeof EDS] });
    await waitFor(() => discovery.ads.connections().every((c) => c.watches.get(RDS)?.ackedVersion !== undefined));
    return { ...ads, names };
  }

  it('an EDS-only push carries only the assignment that changed, encoded once for proxies that share it', async () => {
    const a = await subscribed();
    const b = await subscribed('sidecar~10.1.0.10~productpage-2.default~default.svc.cluster.local');
    endpoints('10.0.0.1', '10.0.0.22');
    const [ra, rb] = [await a.next(3), await b.next(3)];
    expect(ra.typeUrl).toBe(EDS);
    expect(claNames(ra)).toEqual([RATINGS]);
    expect(ra.versionInfo).toBe(discovery.ads.currentPush()?.version);
    expect(rb.nonce).toBe(ra.nonce);
    expect(discovery.ads.connections()[0]?.watches.get(EDS)?.sentCount).toBe(1);
    a.client.close();
    b.client.close();
  });

  it('a full push sends only the route configurations that changed', async () => {
    const ads = await subscribed();
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '2', resources: [...services, svc('details', 9080)] });
    const rds = await waitFor(() => ads.responses.slice(2).find((r) => r.typeUrl === RDS));
    expect(routeNames(rds)).toEqual(['9080']);
    expect(ads.responses.slice(2).filter((r) => r.typeUrl === EDS)).toEqual([]);
    ads.client.close();
  });

  it('answers a change of names with what is new to the proxy; a new subscription gets everything', async () => {
    const ads = await subscribed();
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '2', resources: [...services, svc('details', 9080)] });
    await waitFor(() => discovery.ads.currentPush()?.registry.services().length === 3);
    ads.send({ typeUrl: EDS, versionInfo: ads.responses[0]?.versionInfo, responseNonce: ads.responses[0]?.nonce, resourceNames: [DETAILS, REVIEWS, RATINGS] });
    const res = await waitFor(() => ads.responses.slice(2).find((r) => r.typeUrl === EDS));
    expect(claNames(res)).toEqual([DETAILS]);
    ads.client.close();
    const fresh = openStream(port);
    fresh.send({ typeUrl: EDS, resourceNames: [DETAILS, REVIEWS, RATINGS] });
    expect(claNames(await fresh.next(1))).toEqual([DETAILS, RATINGS, REVIEWS].sort());
    fresh.client.close();
  });

  it('after a NACK, sends nothing until the next change, and that change whole', async () => {
    const ads = await subscribed();
    endpoints('10.0.0.1', '10.0.0.22');
    const partial = await ads.next(3);
    ads.send({ typeUrl: EDS, versionInfo: ads.responses[0]?.versionInfo, responseNonce: partial.nonce, resourceNames: ads.names[EDS], errorDetail: { code: 3, message: 'cannot apply', details: [] } });
    await waitFor(() => discovery.ads.connections()[0]?.watches.get(EDS)?.lastNack !== undefined);
    discovery.applyUpdate({ collection: 'istio/rbac/v1alpha1/serviceroles', version: '1', resources: [] });
    await waitFor(() => discovery.pushStats().total === 3);
    endpoints('10.0.0.11', '10.0.0.22');
    const whole = await ads.next(4);
    expect(ads.responses).toHaveLength(4);
    expect(claNames(whole)).toEqual([RATINGS, REVIEWS].sort());
    // ACKed again: the next change is partial again.
    ads.send({ typeUrl: EDS, versionInfo: whole.versionInfo, responseNonce: whole.nonce, resourceNames: ads.names[EDS] });
    await waitFor(() => discovery.ads.connections()[0]?.watches.get(EDS)?.ackedVersion === whole.versionInfo);
    endpoints('10.0.0.11', '10.0.0.23');
    expect(claNames(await ads.next(5))).toEqual([RATINGS]);
    ads.client.close();
  });

  it('a push that changes nothing for the proxy sends nothing, and lets go of the older push\'s resources', async () => {
    const ads = await subscribed();
    const before = discovery.ads.connections()[0]?.watches.get(EDS)?.held;
    const pushes = discovery.pushStats().total;
    discovery.applyUpdate({ collection: 'istio/rbac/v1alpha1/serviceroles', version: '1', resources: [{ ...meta('viewer', '1'), body: { rules: [{ services: ['*'], methods: ['GET'] }] } }] });
    await waitFor(() => discovery.pushStats().total === pushes + 1);
    const conn = discovery.ads.connections()[0];
    const push = discovery.ads.currentPush();
    const held = conn?.watches.get(EDS)?.held;
    expect(ads.responses).toHaveLength(2);
    expect(held).not.toBe(before);
    const current = conn?.proxy && push ? edsGenerator.generate(conn.proxy, push, ads.names[EDS]) : [];
    expect(held?.valid.map((g) => g.resource)).toEqual(current.map((g) => g.resource));
    held?.valid.forEach((g, i) => expect(g.resource).toBe(current[i]?.resource));
    ads.client.close();
  });

  it('after a NACK of an older response, the next change goes out whole', async () => {
    const ads = await subscribed();
    endpoints('10.0.0.1', '10.0.0.22');
    const first = await ads.next(3);
    endpoints('10.0.0.11', '10.0.0.22');
    await ads.next(4);
    ads.send({ typeUrl: EDS, versionInfo: ads.responses[0]?.versionInfo, responseNonce: first.nonce, resourceNames: ads.names[EDS], errorDetail: { code: 3, message: 'cannot apply', details: [] } });
    await waitFor(() => discovery.ads.connections()[0]?.watches.get(EDS)?.held === undefined);
    endpoints('10.0.0.11', '10.0.0.23');
    expect(claNames(await ads.next(5))).toEqual([RATINGS, REVIEWS].sort());
    ads.client.close();
  });
});
