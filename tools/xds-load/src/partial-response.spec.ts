import type * as grpc from '@grpc/grpc-js';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { AggregatedDiscoveryServiceService } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import type { DiscoveryRequest, DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { Any } from '@tsmesh/contracts/google/protobuf/any';
import { startGrpcServer } from '@tsmesh/shared-runtime';
import { waitFor } from '@tsmesh/shared-testing';
import { LoadSimulator } from './load-simulator';

const A = 'outbound|80||a.ns-0.svc.cluster.local';
const B = 'outbound|80||b.ns-0.svc.cluster.local';
const cluster = (name: string): Any => ({ typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(Cluster.fromPartial({ name, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS } })).finish()) });
const cla = (name: string, ips: number): Any => ({
  typeUrl: XdsTypeUrl.ClusterLoadAssignment,
  value: Buffer.from(ClusterLoadAssignment.encode(ClusterLoadAssignment.fromPartial({ clusterName: name, endpoints: [{ lbEndpoints: Array.from({ length: ips }, (_, i) => ({ hostIdentifier: { $case: 'endpoint' as const, value: { address: { address: { $case: 'socketAddress' as const, value: { address: `10.0.0.${i}`, portSpecifier: { $case: 'portValue' as const, value: 80 } } } } } } })) }] })).finish()),
});
const anySize = (a: Any) => Any.encode(a).finish().length;

describe('LoadClient with partial EDS responses', () => {
  it('counts a partial EDS response as the push arriving, ACKs it, and keeps the assignments it leaves out', async () => {
    const calls: Array<grpc.ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>> = [];
    const acks: DiscoveryRequest[] = [];
    const respond = (call: (typeof calls)[number], typeUrl: string, version: string, resources: Any[]) => call.write({ versionInfo: version, resources, canary: false, typeUrl, nonce: `${typeUrl}-${version}`, controlPlane: undefined });
    const server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [{
        definition: AggregatedDiscoveryServiceService,
        implementation: {
          streamAggregatedResources: (call: (typeof calls)[number]) => {
            calls.push(call);
            call.on('data', (req: DiscoveryRequest) => {
              if (req.responseNonce) return void acks.push(req);
              if (req.typeUrl === XdsTypeUrl.Cluster) respond(call, req.typeUrl, 'v1', [cluster(A), cluster(B)]);
              if (req.typeUrl === XdsTypeUrl.ClusterLoadAssignment) respond(call, req.typeUrl, 'v1', [cla(A, 1), cla(B, 1)]);
            });
            call.on('end', () => call.end());
          },
          deltaAggregatedResources: (call: grpc.ServerDuplexStream<unknown, unknown>) => call.end(),
        },
      }],
    });
    const sim = await LoadSimulator.start({ address: `127.0.0.1:${server.port}`, clients: 1, channels: 1, namespaces: 1, kinds: ['cds', 'eds'] });
    try {
      await sim.waitForConfig(10_000);
      const client = sim.clients[0];
      expect(client?.latestBytes.eds).toBe(anySize(cla(A, 1)) + anySize(cla(B, 1)));
      const bigger = cla(B, 5);
      respond(calls[0] as (typeof calls)[number], XdsTypeUrl.ClusterLoadAssignment, 'v2', [bigger]);
      await waitFor(() => acks.find((r) => r.typeUrl === XdsTypeUrl.ClusterLoadAssignment && r.versionInfo === 'v2'));
      expect(client?.versions('eds')).toEqual(['v1', 'v2']);
      expect(client?.pushes.at(-1)).toMatchObject({ kind: 'eds', resources: 1, held: anySize(cla(A, 1)) + anySize(bigger) });
      expect(client?.latestBytes.eds).toBe(anySize(cla(A, 1)) + anySize(bigger));
    } finally {
      sim.stop();
      await server.close(100);
    }
  });
});
