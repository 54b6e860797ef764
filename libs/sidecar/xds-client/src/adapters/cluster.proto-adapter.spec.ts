import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { BadRequestError } from '@tsmesh/shared-errors';
import { clusterFromProto } from './cluster.proto-adapter';

const eds = { edsConfig: { configSourceSpecifier: { $case: 'ads' as const, value: {} } }, serviceName: 'outbound|9080|v1|reviews.default.svc.cluster.local' };

describe('clusterFromProto (DestinationRule traffic policy as pilot renders it)', () => {
  it('carries circuit-breaker thresholds, outlier detection and the lb policy', () => {
    const c = clusterFromProto(
      Cluster.fromPartial({
        name: 'outbound|9080|v1|reviews.default.svc.cluster.local',
        clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS },
        edsClusterConfig: eds,
        lbPolicy: Cluster_LbPolicy.LEAST_REQUEST,
        circuitBreakers: { thresholds: [{ maxConnections: 1, maxPendingRequests: 1, maxRequests: 10 }] },
        outlierDetection: { consecutive5xx: 3, interval: { seconds: '1', nanos: 0 } },
      }),
    );
    expect(c).toMatchObject({
      lbPolicy: 'LEAST_REQUEST',
      circuitBreakers: { maxConnections: 1, maxPendingRequests: 1, maxRequests: 10, maxRetries: 3 },
      outlierDetection: { consecutive5xx: 3, intervalMs: 1000, baseEjectionTimeMs: 30_000, maxEjectionPercent: 10 },
      http2: false,
    });
  });

  it('NACKs a transport socket that is not TLS', () => {
    expect(() =>
      clusterFromProto(
        Cluster.fromPartial({
          name: 'x',
          clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS },
          edsClusterConfig: eds,
          transportSocket: { name: 'raw', configType: { $case: 'typedConfig', value: { typeUrl: 'type.googleapis.com/x.Y', value: Buffer.alloc(0) } } },
        }),
      ),
    ).toThrow(BadRequestError);
  });
});
