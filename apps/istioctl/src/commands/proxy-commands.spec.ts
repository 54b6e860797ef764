import { credentials, Server, ServerCredentials } from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { AggregatedDiscoveryServiceClient } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import { DiscoveryRequest, type DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { Discovery, type DebugServer, startDebugServer } from '@tsmesh/pilot-xds';
import { freePort, waitFor } from '@tsmesh/shared-testing';
import pino from 'pino';
import type { CliIo } from '../cli/cli-io';
import { runCli } from '../cli/run-cli';

function captureIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), readStdin: async () => '', readFile: async () => '', writeFile: async () => undefined };
  return io;
}

function proxy(port: number, pod: string, answer: 'ack' | 'nack') {
  const client = new AggregatedDiscoveryServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  const stream = client.streamAggregatedResources();
  const node = { id: `sidecar~10.1.0.9~${pod}.default~default.svc.cluster.local` };
  let answered = false;
  stream.on('data', (r: DiscoveryResponse) => {
    const errorDetail = answer === 'nack' ? { code: 3, message: 'cluster outbound|9080||reviews: bad lb policy', details: [] } : undefined;
    stream.write(DiscoveryRequest.fromPartial({ node, typeUrl: r.typeUrl, versionInfo: answer === 'ack' ? r.versionInfo : '', responseNonce: r.nonce, errorDetail }));
    answered = true;
  });
  stream.on('error', () => undefined);
  stream.write(DiscoveryRequest.fromPartial({ node, typeUrl: XdsTypeUrl.Cluster }));
  return { answered: () => answered, close: () => client.close() };
}

describe('istioctl proxy-status and proxy-config against a real pilot', () => {
  let server: Server;
  let discovery: Discovery;
  let debug: DebugServer;
  let pilot: string;
  let xdsPort: number;

  beforeAll(async () => {
    discovery = new Discovery({ log: pino({ level: 'silent' }), meter: metrics.getMeter('test'), debounce: { afterMs: 5, maxMs: 50 }, domainSuffix: 'cluster.local' });
    server = new Server();
    server.addService(discovery.ads.service.definition, discovery.ads.service.implementation);
    xdsPort = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    discovery.applyUpdate({ collection: 'k8s/core/v1/services', version: '1', resources: [{ name: 'default/reviews', version: '1', labels: {}, annotations: {}, body: { spec: { ports: [{ name: 'http', port: 9080 }] } } }] });
    discovery.push();
    debug = await startDebugServer('127.0.0.1', 0, discovery);
    pilot = `http://127.0.0.1:${debug.port}`;
  });
  afterAll(async () => {
    await debug.close();
    discovery.stop();
    await new Promise<void>((r) => server.tryShutdown(() => r()));
  });

  it('lists proxies with their per-type state, and explains a rejected config', async () => {
    const good = proxy(xdsPort, 'productpage-v1', 'ack');
    const bad = proxy(xdsPort, 'reviews-v2', 'nack');
    await waitFor(() => good.answered() && bad.answered());
    await waitFor(() => discovery.ads.connections().every((c) => c.watches.get(XdsTypeUrl.Cluster)?.ackedVersion !== undefined || c.watches.get(XdsTypeUrl.Cluster)?.lastNack));
    const io = captureIo();
    expect(await runCli(['proxy-status', '--pilot', pilot], io)).toBe(0);
    const lines = io.out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+CDS\s+LDS\s+EDS\s+RDS\s+PILOT$/);
    expect(lines.find((l) => l.startsWith('productpage-v1.default'))).toMatch(/SYNCED\s+NOT SENT\s+NOT SENT\s+NOT SENT/);
    expect(lines.find((l) => l.startsWith('reviews-v2.default'))).toMatch(/NACKED/);
    const one = captureIo();
    expect(await runCli(['proxy-status', 'reviews-v2.default', '--pilot', pilot], one)).toBe(1);
    expect(one.out).toMatch(/CDS: NACKED .*rejected: cluster outbound\|9080\|\|reviews: bad lb policy/);
    good.close();
    bad.close();
  });

  it("prints a proxy's clusters the way istioctl 1.2 does, filtered, or as JSON", async () => {
    const p = proxy(xdsPort, 'details-v1', 'ack');
    await waitFor(() => p.answered());
    const io = captureIo();
    expect(await runCli(['proxy-config', 'cluster', 'details-v1.default', '--pilot', pilot, '--fqdn', 'reviews.default.svc.cluster.local'], io)).toBe(0);
    expect(io.out.trim().split('\n')).toEqual([expect.stringMatching(/^SERVICE FQDN\s+PORT\s+SUBSET\s+DIRECTION\s+TYPE$/), expect.stringMatching(/^reviews\.default\.svc\.cluster\.local\s+9080\s+outbound\s+EDS$/)]);
    const json = captureIo();
    expect(await runCli(['proxy-config', 'clusters', 'details-v1', '-o', 'json', '--pilot', pilot], json)).toBe(0);
    expect((JSON.parse(json.out) as Array<{ name: string }>).map((c) => c.name)).toContain('BlackHoleCluster');
    p.close();
  });

  it('says clearly when pilot is unreachable or the proxy is unknown', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const io = captureIo();
    expect(await runCli(['proxy-status', '--pilot', nowhere], io)).toBe(1);
    expect(io.err).toMatch(/cannot reach pilot at http:\/\/127\.0\.0\.1:\d+/);
    const unknown = captureIo();
    expect(await runCli(['proxy-config', 'route', 'ghost.default', '--pilot', pilot], unknown)).toBe(1);
    expect(unknown.err).toMatch(/no connected proxy "ghost\.default"/);
    const usage = captureIo();
    expect(await runCli(['proxy-config', 'secrets', 'x'], usage)).toBe(2);
  });
});
