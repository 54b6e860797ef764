import { credentials, Server, ServerCredentials } from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { AggregatedDiscoveryServiceClient } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import { DiscoveryRequest } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import type { McpResource } from '@tsmesh/shared-mcp';
import pino from 'pino';
import { Discovery } from '../server/discovery';
import { syncz } from './debug';
import { NODE, openStream } from './ads-test-stream';

const svc = (name: string, port: number): McpResource => ({ name: `default/${name}`, version: `${name}${port}`, labels: {}, annotations: {}, body: { spec: { ports: [{ name: 'http', port }] } } });

describe('ADS server', () => {
  let server: Server;
  let port: number;
  let discovery: Discovery;

  beforeEach(async () => {
    discovery = new Discovery({ log: pino({ level: 'silent' }), meter: metrics.getMeter('test'), debounce: { afterMs: 5, maxMs: 50 }, domainSuffix: 'cluster.local' });
    server = new Server();
    server.addService(discovery.ads.service.definition, discovery.ads.service.implementation);
    port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '1', resources: [svc('reviews', 9080)] });
    discovery.push();
  });
  afterEach(async () => {
    discovery.stop();
    await new Promise<void>((r) => server.tryShutdown(() => r()));
  });

  it('answers CDS, records the ACK, and pushes again when config changes', async () => {
    const ads = openStream(port);
    ads.send({ typeUrl: XdsTypeUrl.Cluster });
    const first = await ads.next(1);
    const names = first.resources.map((r) => Cluster.decode(r.value).name);
    expect(names).toEqual(['outbound|9080||reviews.default.svc.cluster.local', 'BlackHoleCluster', 'PassthroughCluster']);
    ads.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: first.versionInfo, responseNonce: first.nonce });
    await new Promise((r) => setTimeout(r, 50));
    expect(syncz(discovery.ads)).toEqual([expect.objectContaining({ proxy: NODE.id, types: { [XdsTypeUrl.Cluster]: expect.objectContaining({ sent: first.versionInfo, acked: first.versionInfo }) } })]);

    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '2', resources: [svc('reviews', 9080), svc('ratings', 9080)] });
    const second = await ads.next(2);
    expect(second.versionInfo).not.toBe(first.versionInfo);
    expect(second.resources).toHaveLength(4);
    ads.client.close();
  });

  it('records a NACK with its reason and does not resend the rejected version', async () => {
    const ads = openStream(port);
    ads.send({ typeUrl: XdsTypeUrl.Cluster });
    const first = await ads.next(1);
    ads.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: '', responseNonce: first.nonce, errorDetail: { code: 3, message: 'bad cluster', details: [] } });
    await new Promise((r) => setTimeout(r, 50));
    const state = syncz(discovery.ads)[0] as { types: Record<string, { acked?: string; nack?: { message: string } }> };
    expect(state.types[XdsTypeUrl.Cluster]?.nack?.message).toBe('bad cluster');
    expect(state.types[XdsTypeUrl.Cluster]?.acked).toBeUndefined();
    expect(ads.responses).toHaveLength(1);
    ads.client.close();
  });

  it('serves EDS for the names requested, and new names on an ACK that changes them', async () => {
    discovery.applyUpdate({ collection: 'k8s/core/v1/endpoints', version: '1', resources: [{ name: 'default/reviews', version: '1', labels: {}, annotations: {}, body: { subsets: [{ addresses: [{ ip: '10.0.0.5' }], ports: [{ name: 'http', port: 9080 }] }] } }] });
    discovery.push();
    const ads = openStream(port);
    ads.send({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, resourceNames: ['outbound|9080||reviews.default.svc.cluster.local'] });
    const first = await ads.next(1);
    expect(first.resources).toHaveLength(1);
    ads.send({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, responseNonce: first.nonce, versionInfo: first.versionInfo, resourceNames: ['outbound|9080||reviews.default.svc.cluster.local', 'outbound|1||x.default.svc.cluster.local'] });
    const second = await ads.next(2);
    // Only the new name: EDS responses may be partial, and the proxy keeps the assignment it has.
    expect(second.resources.map((r) => ClusterLoadAssignment.decode(r.value).clusterName)).toEqual(['outbound|1||x.default.svc.cluster.local']);
    ads.client.close();
  });

  it('rejects a stream whose node id is malformed', async () => {
    const client = new AggregatedDiscoveryServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
    const stream = client.streamAggregatedResources();
    const error = new Promise<Error & { code?: number }>((resolve) => stream.on('error', resolve));
    stream.write(DiscoveryRequest.fromPartial({ node: { id: 'not-an-istio-node' }, typeUrl: XdsTypeUrl.Cluster }));
    const err = await error;
    expect(err.code).toBe(3);
    expect(err.message).toMatch(/node id "not-an-istio-node"/);
    client.close();
  });
});
