import { Server, ServerCredentials } from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import { XdsTypeUrl } from '@tsmesh/contracts';
import type { McpResource } from '@tsmesh/shared-mcp';
import { waitFor } from '@tsmesh/shared-testing';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openStream } from '../ads/ads-test-stream';
import { registerDebugRoutes } from './debug-routes';
import { Discovery } from './discovery';

const svc: McpResource = { name: 'default/reviews', version: '1', labels: {}, annotations: {}, body: { spec: { ports: [{ name: 'http', port: 9080 }] } } };
const eps: McpResource = { name: 'default/reviews', version: '1', labels: {}, annotations: {}, body: { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'http', port: 9080 }] }] } };

describe('pilot debug endpoints', () => {
  let server: Server;
  let discovery: Discovery;
  let app: FastifyInstance;
  let port: number;
  let base: string;

  beforeAll(async () => {
    discovery = new Discovery({ log: pino({ level: 'silent' }), meter: metrics.getMeter('test'), debounce: { afterMs: 5, maxMs: 50 }, domainSuffix: 'cluster.local' });
    server = new Server();
    server.addService(discovery.ads.service.definition, discovery.ads.service.implementation);
    port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '1', resources: [svc] });
    discovery.applyUpdate({ collection: 'k8s/core/v1/endpoints', version: '1', resources: [eps] });
    discovery.push();
    app = Fastify();
    registerDebugRoutes(app, discovery);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  const get = async (path: string) => {
    const res = await fetch(base + path);
    return { statusCode: res.status, json: () => res.json() as Promise<unknown> };
  };
  afterAll(async () => {
    await app.close();
    discovery.stop();
    await new Promise<void>((r) => server.tryShutdown(() => r()));
  });

  it('/debug/endpointz lists each service port with its endpoints', async () => {
    const body = (await (await get('/debug/endpointz')).json()) as Array<{ service: string; ports: Array<{ port: number; endpoints: Array<{ address: string }> }> }>;
    const reviews = body.find((s) => s.service === 'reviews.default.svc.cluster.local');
    expect(reviews?.ports[0]?.endpoints.map((e) => e.address)).toEqual(['10.0.0.1']);
  });

  it('/debug/config_dump shows what a connected proxy gets, and says why when it cannot', async () => {
    expect((await get('/debug/config_dump')).statusCode).toBe(400);
    expect((await get('/debug/config_dump?proxyID=nobody.default')).statusCode).toBe(404);
    const ads = openStream(port);
    ads.send({ typeUrl: XdsTypeUrl.Cluster });
    await ads.next(1);
    await waitFor(() => discovery.ads.connections().length === 1);
    const dump = (await (await get('/debug/config_dump?proxyID=productpage-1.default')).json()) as { configs: Array<{ type: string; subscribed: boolean; resources: Array<{ name?: string }> }> };
    const cds = dump.configs.find((c) => c.type === 'cds');
    expect(cds?.subscribed).toBe(true);
    expect(cds?.resources.map((r) => r.name)).toContain('outbound|9080||reviews.default.svc.cluster.local');
    ads.client.close();
  });

  it('/debug/push_status names Istio config left out of the push, with its resource', async () => {
    const ads = openStream(port);
    ads.send({ typeUrl: XdsTypeUrl.RouteConfiguration, resourceNames: ['9080'] });
    await ads.next(1);
    discovery.applyUpdate({
      collection: 'istio/networking/v1alpha3/virtualservices',
      version: 'bad',
      resources: [{ name: 'default/reviews', version: '1', labels: {}, annotations: {}, body: { hosts: ['reviews'], http: [{ match: [{ uri: { regex: '/api/(v1' } }], route: [{ destination: { host: 'reviews' } }] }] } }],
    });
    await waitFor(() => discovery.configProblems().length > 0);
    const status = (await (await get('/debug/push_status')).json()) as { configProblems: Array<{ source: string; message: string }> };
    expect(status.configProblems).toEqual([expect.objectContaining({ source: expect.stringMatching(/VirtualService default\/reviews/), message: expect.stringMatching(/regex/) })]);
    ads.client.close();
  });
});
