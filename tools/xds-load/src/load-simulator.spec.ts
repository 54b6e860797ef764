import * as grpc from '@grpc/grpc-js';
import { EnvoyTypeUrl, XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { AggregatedDiscoveryServiceService } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import type { DiscoveryRequest, DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import type { Any } from '@tsmesh/contracts/google/protobuf/any';
import { startGrpcServer } from '@tsmesh/shared-runtime';
import { LoadSimulator, probeServedKinds } from './load-simulator';

const EDS_CLUSTER = 'outbound|80||a.ns-0.svc.cluster.local';
const any = (typeUrl: string, value: Uint8Array): Any => ({ typeUrl, value: Buffer.from(value) });

/** A real ADS server on loopback with a fixed config: one EDS cluster, one listener using RDS "80". */
function resourcesFor(req: DiscoveryRequest): Any[] {
  switch (req.typeUrl) {
    case XdsTypeUrl.Cluster:
      return [
        any(req.typeUrl, Cluster.encode(Cluster.fromPartial({ name: EDS_CLUSTER, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS }, edsClusterConfig: { serviceName: '' } })).finish()),
        any(req.typeUrl, Cluster.encode(Cluster.fromPartial({ name: 'BlackHoleCluster', clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.STATIC } })).finish()),
      ];
    case XdsTypeUrl.Listener: {
      const hcm = HttpConnectionManager.encode(HttpConnectionManager.fromPartial({ statPrefix: '80', routeSpecifier: { $case: 'rds', value: { routeConfigName: '80', configSource: { configSourceSpecifier: { $case: 'ads', value: {} } } } } })).finish();
      const listener = Listener.fromPartial({ name: '0.0.0.0_80', apiListener: { apiListener: any(EnvoyTypeUrl.HttpConnectionManager, hcm) } });
      return [any(req.typeUrl, Listener.encode(listener).finish())];
    }
    case XdsTypeUrl.ClusterLoadAssignment:
      return req.resourceNames.map((name) => any(req.typeUrl, ClusterLoadAssignment.encode(ClusterLoadAssignment.fromPartial({ clusterName: name })).finish()));
    default:
      return req.resourceNames.map((name) => any(req.typeUrl, RouteConfiguration.encode(RouteConfiguration.fromPartial({ name })).finish()));
  }
}

async function startAds(options: { rejectListeners: boolean }) {
  const requests: Array<{ node: string; req: DiscoveryRequest }> = [];
  const server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    services: [{
      definition: AggregatedDiscoveryServiceService,
      implementation: {
        streamAggregatedResources: (call: grpc.ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>) => {
          let node = '';
          let nonce = 0;
          call.on('data', (req: DiscoveryRequest) => {
            node ||= req.node?.id ?? '';
            requests.push({ node, req });
            if (options.rejectListeners && req.typeUrl === XdsTypeUrl.Listener) return call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'not served' });
            if (req.responseNonce) return; // an ACK
            call.write({ versionInfo: 'v1', resources: resourcesFor(req), canary: false, typeUrl: req.typeUrl, nonce: String(++nonce), controlPlane: undefined });
          });
          call.on('end', () => call.end());
        },
        deltaAggregatedResources: (call: grpc.ServerDuplexStream<unknown, unknown>) => call.end(),
      },
    }],
  });
  return { server, requests };
}

describe('LoadSimulator', () => {
  it('subscribes each proxy like Envoy (CDS+LDS wildcard, then EDS and RDS by name) and ACKs every response', async () => {
    const ads = await startAds({ rejectListeners: false });
    const sim = await LoadSimulator.start({ address: `127.0.0.1:${ads.server.port}`, clients: 3, channels: 2, namespaces: 2 });
    try {
      const summary = await sim.waitForConfig(10_000);
      expect(summary).toMatchObject({ clients: 3, configured: 3, errors: 0 });
      expect(summary.bytesPerProxyByKind.cds).toBeGreaterThan(0);
      const nodes = [...new Set(ads.requests.map((r) => r.node))].sort();
      expect(nodes).toEqual([
        'sidecar~10.200.0.0~pod-0.ns-0~ns-0.svc.cluster.local',
        'sidecar~10.200.0.1~pod-1.ns-1~ns-1.svc.cluster.local',
        'sidecar~10.200.0.2~pod-2.ns-0~ns-0.svc.cluster.local',
      ]);
      for (const node of nodes) {
        const reqs = ads.requests.filter((r) => r.node === node).map((r) => r.req);
        expect(reqs.find((r) => r.typeUrl === XdsTypeUrl.ClusterLoadAssignment)?.resourceNames).toEqual([EDS_CLUSTER]);
        expect(reqs.find((r) => r.typeUrl === XdsTypeUrl.RouteConfiguration)?.resourceNames).toEqual(['80']);
        const acked = reqs.filter((r) => r.responseNonce && r.versionInfo === 'v1').map((r) => r.typeUrl);
        expect(new Set(acked)).toEqual(new Set(Object.values(XdsTypeUrl)));
      }
      expect(sim.clients[0]?.versions('eds')).toEqual(['v1']);
      expect(await probeServedKinds(`127.0.0.1:${ads.server.port}`)).toEqual(['cds', 'eds', 'lds', 'rds']);
    } finally {
      sim.stop();
      await ads.server.close(100);
    }
  });

  it('asks only for CDS and EDS when the server does not serve listeners', async () => {
    const ads = await startAds({ rejectListeners: true });
    try {
      expect(await probeServedKinds(`127.0.0.1:${ads.server.port}`)).toEqual(['cds', 'eds']);
    } finally {
      await ads.server.close(100);
    }
  });
});
