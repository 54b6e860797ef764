// Test helper (used by specs only): a real gRPC ADS server the test scripts by hand, plus
// builders for the Envoy resources pilot sends.
import { Server, ServerCredentials, type ServerDuplexStream, status } from '@grpc/grpc-js';
import { EnvoyTypeUrl, XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { AggregatedDiscoveryServiceService } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import type { DiscoveryRequest, DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import type { Any } from '@tsmesh/contracts/google/protobuf/any';

type Stream = ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>;

export const edsCluster = (name: string): Any => ({
  typeUrl: XdsTypeUrl.Cluster,
  value: Buffer.from(Cluster.encode(Cluster.fromPartial({ name, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS }, edsClusterConfig: { serviceName: name, edsConfig: { configSourceSpecifier: { $case: 'ads', value: {} } } }, connectTimeout: { seconds: '1', nanos: 0 } })).finish()),
});

export const assignment = (name: string, ip: string, port = 9080): Any => ({
  typeUrl: XdsTypeUrl.ClusterLoadAssignment,
  value: Buffer.from(ClusterLoadAssignment.encode(ClusterLoadAssignment.fromPartial({ clusterName: name, endpoints: [{ lbEndpoints: [{ hostIdentifier: { $case: 'endpoint', value: { address: { address: { $case: 'socketAddress', value: { address: ip, portSpecifier: { $case: 'portValue', value: port } } } } } } }] }] })).finish()),
});

/** A listener whose HCM takes its routes from RDS `routeName` (routeName '' makes it invalid). */
export const rdsListener = (name: string, port: number, routeName: string): Any => {
  const hcm = HttpConnectionManager.fromPartial({ statPrefix: name, routeSpecifier: { $case: 'rds', value: { routeConfigName: routeName, configSource: { configSourceSpecifier: { $case: 'ads', value: {} } } } } });
  const listener = Listener.fromPartial({
    name,
    address: { address: { $case: 'socketAddress', value: { address: '0.0.0.0', portSpecifier: { $case: 'portValue', value: port } } } },
    filterChains: [{ filters: [{ name: 'envoy.http_connection_manager', configType: { $case: 'typedConfig', value: { typeUrl: EnvoyTypeUrl.HttpConnectionManager, value: Buffer.from(HttpConnectionManager.encode(hcm).finish()) } } }] }],
  });
  return { typeUrl: XdsTypeUrl.Listener, value: Buffer.from(Listener.encode(listener).finish()) };
};

export const routeConfig = (name: string, cluster: string): Any => ({
  typeUrl: XdsTypeUrl.RouteConfiguration,
  value: Buffer.from(RouteConfiguration.encode(RouteConfiguration.fromPartial({ name, virtualHosts: [{ name: 'vh', domains: ['*'], routes: [{ match: { pathSpecifier: { $case: 'prefix', value: '/' } }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: cluster } } } }] }] })).finish()),
});

/** A scripted management server: records requests and lets the test respond by hand. */
export class TestAdsServer {
  readonly server = new Server();
  readonly requests: DiscoveryRequest[] = [];
  streams: Stream[] = [];
  port = 0;
  /** Type URLs answered as an old pilot does: the stream ends with UNIMPLEMENTED naming the type. */
  unsupported: string[] = [];
  #waiters: Array<() => void> = [];

  async start(): Promise<void> {
    this.server.addService(AggregatedDiscoveryServiceService, {
      streamAggregatedResources: (call: Stream) => {
        this.streams.push(call);
        call.on('data', (req: DiscoveryRequest) => {
          this.requests.push(req);
          if (this.unsupported.includes(req.typeUrl)) call.emit('error', { code: status.UNIMPLEMENTED, details: `type URL "${req.typeUrl}" is not served` });
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
