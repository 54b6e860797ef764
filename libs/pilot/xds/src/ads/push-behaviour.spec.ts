import { Server, ServerCredentials } from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type { McpResource } from '@tsmesh/shared-mcp';
import { waitFor } from '@tsmesh/shared-testing';
import pino from 'pino';
import { cdsGenerator } from '../generators/cds';
import { edsGenerator } from '../generators/eds';
import type { XdsGenerator } from '../generators/generator';
import { Discovery } from '../server/discovery';
import { openStream } from './ads-test-stream';

const svc = (name: string): McpResource => ({ name: `default/${name}`, version: name, labels: {}, annotations: {}, body: { spec: { ports: [{ name: 'http', port: 9080 }] } } });
const eps = (ip: string): McpResource => ({ name: 'default/reviews', version: ip, labels: {}, annotations: {}, body: { subsets: [{ addresses: [{ ip }], ports: [{ name: 'http', port: 9080 }] }] } });

// Listener/route generators whose output follows the service list, so a full push changes them.
const lds: XdsGenerator = {
  typeUrl: XdsTypeUrl.Listener,
  namedResources: false,
  generate: (_p, push) => push.registry.services().map((s) => ({ name: s.hostname, resource: { typeUrl: XdsTypeUrl.Listener, value: Buffer.from(Listener.encode(Listener.fromPartial({ name: s.hostname, address: { address: { $case: 'socketAddress', value: { address: '0.0.0.0', portSpecifier: { $case: 'portValue', value: 9080 } } } }, filterChains: [{ filters: [{ name: 'envoy.tcp_proxy' }] }] })).finish()) } })),
};
const rds: XdsGenerator = {
  typeUrl: XdsTypeUrl.RouteConfiguration,
  namedResources: true,
  generate: (_p, push, names) => names.map((n) => ({ name: n, resource: { typeUrl: XdsTypeUrl.RouteConfiguration, value: Buffer.from(RouteConfiguration.encode(RouteConfiguration.fromPartial({ name: n, virtualHosts: push.registry.services().map((s) => ({ name: s.hostname, domains: [s.hostname] })) })).finish()) } })),
};
const generators = new Map([cdsGenerator, edsGenerator, lds, rds].map((g) => [g.typeUrl, g]));

describe('ADS pushes', () => {
  let server: Server;
  let port: number;
  let discovery: Discovery;

  beforeEach(async () => {
    discovery = new Discovery({ log: pino({ level: 'silent' }), meter: metrics.getMeter('test'), debounce: { afterMs: 5, maxMs: 50 }, domainSuffix: 'cluster.local', generators });
    server = new Server();
    server.addService(discovery.ads.service.definition, discovery.ads.service.implementation);
    port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '1', resources: [svc('reviews')] });
    discovery.applyUpdate({ collection: 'k8s/core/v1/endpoints', version: '1', resources: [eps('10.0.0.1')] });
    discovery.push();
  });
  afterEach(async () => {
    discovery.stop();
    await new Promise<void>((r) => server.tryShutdown(() => r()));
  });

  /** Subscribes to all four types and ACKs the first responses; returns the stream. */
  async function subscribedProxy() {
    const ads = openStream(port);
    const eds = ['outbound|9080||reviews.default.svc.cluster.local'];
    ads.send({ typeUrl: XdsTypeUrl.Cluster });
    ads.send({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, resourceNames: eds });
    ads.send({ typeUrl: XdsTypeUrl.Listener });
    ads.send({ typeUrl: XdsTypeUrl.RouteConfiguration, resourceNames: ['9080'] });
    await ads.next(4);
    for (const r of ads.responses.slice(0, 4)) ads.send({ typeUrl: r.typeUrl, versionInfo: r.versionInfo, responseNonce: r.nonce, resourceNames: r.typeUrl === XdsTypeUrl.ClusterLoadAssignment ? eds : r.typeUrl === XdsTypeUrl.RouteConfiguration ? ['9080'] : [] });
    await waitFor(() => discovery.ads.connections()[0]?.watches.get(XdsTypeUrl.RouteConfiguration)?.ackedVersion !== undefined);
    return ads;
  }

  it('pushes a full change in Envoy order: CDS, EDS, LDS, RDS', async () => {
    const ads = await subscribedProxy();
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '2', resources: [svc('reviews'), svc('ratings')] });
    discovery.applyUpdate({ collection: 'k8s/core/v1/endpoints', version: '2', resources: [eps('10.0.0.2')] });
    await ads.next(8);
    expect(ads.responses.slice(4).map((r) => r.typeUrl)).toEqual([XdsTypeUrl.Cluster, XdsTypeUrl.ClusterLoadAssignment, XdsTypeUrl.Listener, XdsTypeUrl.RouteConfiguration]);
    ads.client.close();
  });

  it('pushes only EDS when only endpoints changed', async () => {
    const ads = await subscribedProxy();
    discovery.applyUpdate({ collection: 'k8s/core/v1/endpoints', version: '2', resources: [eps('10.0.0.2')] });
    await ads.next(5);
    await new Promise((r) => setTimeout(r, 100));
    expect(ads.responses.slice(4).map((r) => r.typeUrl)).toEqual([XdsTypeUrl.ClusterLoadAssignment]);
    expect(discovery.pushStats().edsOnly).toBe(1);
    ads.client.close();
  });

  it('sends nothing to a proxy whose config a change does not affect', async () => {
    const ads = await subscribedProxy();
    discovery.applyUpdate({ collection: 'istio/rbac/v1alpha1/serviceroles', version: '1', resources: [{ name: 'default/viewer', version: '1', labels: {}, annotations: {}, body: { rules: [{ services: ['*'], methods: ['GET'] }] } }] });
    await waitFor(() => discovery.pushStats().total === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(ads.responses).toHaveLength(4);
    ads.client.close();
  });

  it('never re-sends content a proxy rejected, but sends the next change', async () => {
    const ads = openStream(port);
    ads.send({ typeUrl: XdsTypeUrl.Cluster });
    const first = await ads.next(1);
    ads.send({ typeUrl: XdsTypeUrl.Cluster, responseNonce: first.nonce, errorDetail: { code: 3, message: 'cannot apply', details: [] } });
    discovery.applyUpdate({ collection: 'istio/rbac/v1alpha1/serviceroles', version: '1', resources: [] });
    await waitFor(() => discovery.pushStats().total === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(ads.responses).toHaveLength(1);
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '2', resources: [svc('reviews'), svc('ratings')] });
    const next = await ads.next(2);
    expect(next.resources.length).toBeGreaterThan(first.resources.length);
    ads.client.close();
  });

  it('answers an unknown type URL with UNIMPLEMENTED, and pilot keeps serving others', async () => {
    const bad = openStream(port);
    const error = new Promise<Error & { code?: number }>((resolve) => bad.stream.on('error', resolve));
    bad.send({ typeUrl: 'type.googleapis.com/envoy.service.runtime.v3.Runtime' });
    const err = await error;
    expect(err.code).toBe(12);
    expect(err.message).toMatch(/Runtime" is not served/);
    const good = openStream(port);
    good.send({ typeUrl: XdsTypeUrl.Cluster });
    expect((await good.next(1)).resources.length).toBeGreaterThan(0);
    bad.client.close();
    good.client.close();
  });

  it('keeps pushing to a proxy that never ACKs, and serves others meanwhile; a reset stream is dropped', async () => {
    const silent = openStream(port);
    silent.send({ typeUrl: XdsTypeUrl.Cluster });
    await silent.next(1);
    for (let i = 2; i <= 4; i++) {
      discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: String(i), resources: [svc('reviews'), svc(`extra${i}`)] });
      await silent.next(i);
    }
    const state = discovery.ads.connections()[0]?.watches.get(XdsTypeUrl.Cluster);
    expect(state?.ackedVersion).toBeUndefined();
    expect(state?.sentVersion).toBe(silent.responses[3]?.versionInfo);
    const other = openStream(port);
    other.send({ typeUrl: XdsTypeUrl.Cluster });
    expect((await other.next(1)).versionInfo).toBe(silent.responses[3]?.versionInfo);
    silent.stream.cancel();
    await waitFor(() => discovery.ads.connections().length === 1);
    other.client.close();
    silent.client.close();
  });
});
