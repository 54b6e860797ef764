import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { AggregatedDiscoveryServiceService } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import type { DiscoveryRequest, DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { Backoff } from '@tsmesh/shared-runtime';
import pino from 'pino';
import { AdsClient } from './ads-client';

type Stream = ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>;

const edsCluster = (name: string) =>
  Cluster.fromPartial({ name, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS }, edsClusterConfig: { serviceName: name, edsConfig: { configSourceSpecifier: { $case: 'ads', value: {} } } }, connectTimeout: { seconds: '1', nanos: 0 } });
const packCluster = (c: Cluster) => ({ typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(c).finish()) });
const packCla = (name: string, ip: string) => ({
  typeUrl: XdsTypeUrl.ClusterLoadAssignment,
  value: Buffer.from(ClusterLoadAssignment.encode(ClusterLoadAssignment.fromPartial({ clusterName: name, endpoints: [{ lbEndpoints: [{ hostIdentifier: { $case: 'endpoint', value: { address: { address: { $case: 'socketAddress', value: { address: ip, portSpecifier: { $case: 'portValue', value: 9080 } } } } } } }] }] })).finish()),
});

/** A scripted management server: records requests and lets the test respond by hand. */
class TestAdsServer {
  readonly server = new Server();
  readonly requests: DiscoveryRequest[] = [];
  streams: Stream[] = [];
  port = 0;
  #waiters: Array<() => void> = [];

  async start(): Promise<void> {
    this.server.addService(AggregatedDiscoveryServiceService, {
      streamAggregatedResources: (call: Stream) => {
        this.streams.push(call);
        call.on('data', (req: DiscoveryRequest) => {
          this.requests.push(req);
          this.#waiters.splice(0).forEach((w) => w());
        });
        call.on('error', () => undefined);
        call.on('end', () => call.end());
      },
      deltaAggregatedResources: () => undefined,
    });
    this.port = await new Promise((resolve, reject) => this.server.bindAsync(`127.0.0.1:${this.port}`, ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  }

  async waitFor(pred: (r: DiscoveryRequest) => boolean): Promise<DiscoveryRequest> {
    for (;;) {
      const found = this.requests.find(pred);
      if (found) return found;
      await new Promise<void>((r) => this.#waiters.push(r));
    }
  }

  send(res: Partial<DiscoveryResponse>): void {
    this.streams.at(-1)?.write({ versionInfo: '', resources: [], canary: false, typeUrl: '', nonce: '', ...res });
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

describe('AdsClient', () => {
  let pilot: TestAdsServer;
  let client: AdsClient;

  beforeEach(async () => {
    pilot = new TestAdsServer();
    await pilot.start();
    client = new AdsClient({
      address: `127.0.0.1:${pilot.port}`,
      node: { id: 'sidecar~127.0.0.11~productpage-v1.default~default.svc.cluster.local', cluster: 'productpage.default', metadata: { CONFIG_NAMESPACE: 'default' } },
      log: pino({ level: 'silent' }),
      backoff: new Backoff({ initialMs: 20, maxMs: 100, multiplier: 2, jitter: 0 }),
    });
    client.start();
  });
  afterEach(() => {
    client.stop();
    pilot.stop();
  });

  it('subscribes to clusters with its node, ACKs, then subscribes to their endpoints', async () => {
    const first = await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster);
    expect(first.node?.id).toBe('sidecar~127.0.0.11~productpage-v1.default~default.svc.cluster.local');
    expect(first.responseNonce).toBe('');
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'v1', nonce: 'n1', resources: [packCluster(edsCluster('outbound|9080||details.default.svc.cluster.local'))] });
    const ack = await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster && r.responseNonce === 'n1');
    expect(ack.versionInfo).toBe('v1');
    expect(ack.errorDetail).toBeUndefined();
    const eds = await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.ClusterLoadAssignment);
    expect(eds.resourceNames).toEqual(['outbound|9080||details.default.svc.cluster.local']);
    pilot.send({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, versionInfo: 'v1', nonce: 'n2', resources: [packCla('outbound|9080||details.default.svc.cluster.local', '127.0.0.12')] });
    await pilot.waitFor((r) => r.responseNonce === 'n2');
    expect(client.snapshot().loadAssignments.get('outbound|9080||details.default.svc.cluster.local')?.endpoints).toEqual([{ address: '127.0.0.12', port: 9080, weight: 1 }]);
    expect(client.status()).toMatchObject({ connected: true, acks: 2, nacks: 0 });
  });

  it('NACKs an update it cannot apply and keeps the last good config', async () => {
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster);
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'v1', nonce: 'n1', resources: [packCluster(edsCluster('good'))] });
    await pilot.waitFor((r) => r.responseNonce === 'n1');
    const bad = Cluster.fromPartial({ name: 'bad', clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS } }); // EDS without ADS config source
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'v2', nonce: 'n3', resources: [packCluster(edsCluster('good')), packCluster(bad)] });
    const nack = await pilot.waitFor((r) => r.responseNonce === 'n3');
    expect(nack.errorDetail?.message).toMatch(/Cluster bad: eds_cluster_config.eds_config: EDS clusters must use ADS/);
    expect(nack.versionInfo).toBe('v1');
    expect([...client.snapshot().clusters.keys()]).toEqual(['good']);
    expect(client.status()).toMatchObject({ nacks: 1, lastNack: { version: 'v2' } });
  });

  it('keeps serving its snapshot while pilot is away and resubscribes with the accepted version', async () => {
    await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster);
    pilot.send({ typeUrl: XdsTypeUrl.Cluster, versionInfo: 'v1', nonce: 'n1', resources: [packCluster(edsCluster('good'))] });
    await pilot.waitFor((r) => r.responseNonce === 'n1');
    const port = pilot.port;
    pilot.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect([...client.snapshot().clusters.keys()]).toEqual(['good']);
    pilot = new TestAdsServer();
    pilot.port = port;
    await pilot.start();
    const resub = await pilot.waitFor((r) => r.typeUrl === XdsTypeUrl.Cluster);
    expect(resub.versionInfo).toBe('v1');
    expect(resub.responseNonce).toBe('');
  });
});
