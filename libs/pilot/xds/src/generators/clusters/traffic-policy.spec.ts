import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { DestinationRule } from '@tsmesh/contracts/istio/networking/v1alpha3/destination_rule';
import { specFromJson } from '@tsmesh/shared-config-model';
import { applyConnectionPool, applyLoadBalancer, applyOutlierDetection, defaultOutboundCircuitBreakers, effectivePolicy } from './traffic-policy';
import { TlsSettingsProblem, upstreamTransportSocket } from './tls';

const rule = (json: Record<string, unknown>): DestinationRule => specFromJson('DestinationRule', json) as DestinationRule;
const edsCluster = () => Cluster.fromPartial({ name: 'c', clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS }, edsClusterConfig: { serviceName: 'c' } });

describe('load balancer translation', () => {
  it.each([
    ['ROUND_ROBIN', Cluster_LbPolicy.ROUND_ROBIN],
    ['LEAST_CONN', Cluster_LbPolicy.LEAST_REQUEST],
    ['RANDOM', Cluster_LbPolicy.RANDOM],
  ])('%s', (simple, expected) => {
    const c = edsCluster();
    applyLoadBalancer(c, rule({ host: 'a', trafficPolicy: { loadBalancer: { simple } } }).trafficPolicy?.loadBalancer);
    expect(c.lbPolicy).toBe(expected);
  });

  it('PASSTHROUGH becomes an ORIGINAL_DST cluster without EDS', () => {
    const c = edsCluster();
    applyLoadBalancer(c, rule({ host: 'a', trafficPolicy: { loadBalancer: { simple: 'PASSTHROUGH' } } }).trafficPolicy?.loadBalancer);
    expect(c).toMatchObject({ lbPolicy: Cluster_LbPolicy.CLUSTER_PROVIDED, clusterDiscoveryType: { value: Cluster_DiscoveryType.ORIGINAL_DST }, edsClusterConfig: undefined });
  });

  it('consistentHash becomes RING_HASH with the minimum ring size', () => {
    const c = edsCluster();
    applyLoadBalancer(c, rule({ host: 'a', trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user', minimumRingSize: 2048 } } } }).trafficPolicy?.loadBalancer);
    expect(c.lbPolicy).toBe(Cluster_LbPolicy.RING_HASH);
    expect(c.lbConfig).toMatchObject({ $case: 'ringHashLbConfig', value: { minimumRingSize: '2048' } });
  });
});

describe('connection pool and outlier detection', () => {
  it('maps connectionPool to circuit breakers, timeouts and keepalive', () => {
    const c = edsCluster();
    applyConnectionPool(c, rule({ host: 'a', trafficPolicy: { connectionPool: {
      tcp: { maxConnections: 100, connectTimeout: '30ms', tcpKeepalive: { probes: 3, time: '7200s', interval: '75s' } },
      http: { http1MaxPendingRequests: 10, http2MaxRequests: 1000, maxRequestsPerConnection: 5, maxRetries: 3, idleTimeout: '60s' },
    } } }).trafficPolicy?.connectionPool);
    expect(c.circuitBreakers?.thresholds).toEqual([expect.objectContaining({ maxConnections: 100, maxPendingRequests: 10, maxRequests: 1000, maxRetries: 3 })]);
    expect(c.connectTimeout).toEqual({ seconds: '0', nanos: 30_000_000 });
    expect(c.maxRequestsPerConnection).toBe(5);
    expect(c.commonHttpProtocolOptions?.idleTimeout).toEqual({ seconds: '60', nanos: 0 });
    expect(c.upstreamConnectionOptions?.tcpKeepalive).toEqual({ keepaliveProbes: 3, keepaliveTime: 7200, keepaliveInterval: 75 });
  });

  it('keeps Istio 1.2\'s outbound max_retries 1024 unless connectionPool sets maxRetries', () => {
    const c = edsCluster();
    applyConnectionPool(c, rule({ host: 'a', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } }).trafficPolicy?.connectionPool);
    expect(c.circuitBreakers?.thresholds).toEqual([expect.objectContaining({ maxConnections: 1, maxRetries: 1024 })]);
    expect(defaultOutboundCircuitBreakers().thresholds).toEqual([expect.objectContaining({ maxRetries: 1024 })]);
  });

  it('maps outlierDetection as Istio 1.2 does (consecutiveErrors counts gateway errors only) and minHealthPercent to the panic threshold', () => {
    const c = edsCluster();
    applyOutlierDetection(c, rule({ host: 'a', trafficPolicy: { outlierDetection: { consecutiveErrors: 7, interval: '5m', baseEjectionTime: '15m', maxEjectionPercent: 50, minHealthPercent: 30 } } }).trafficPolicy?.outlierDetection);
    expect(c.outlierDetection).toMatchObject({ consecutiveGatewayFailure: 7, enforcingConsecutiveGatewayFailure: 100, enforcingConsecutive5xx: 0, interval: { seconds: '300' }, baseEjectionTime: { seconds: '900' }, maxEjectionPercent: 50 });
    expect(c.commonLbConfig?.healthyPanicThreshold?.value).toBe(30);
  });
});

describe('policy merging', () => {
  const spec = rule({
    host: 'a',
    trafficPolicy: { loadBalancer: { simple: 'RANDOM' }, connectionPool: { tcp: { maxConnections: 1 } }, portLevelSettings: [{ port: { number: 80 }, loadBalancer: { simple: 'LEAST_CONN' } }] },
    subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { connectionPool: { tcp: { maxConnections: 9 } } } }],
  });

  it('port-level settings replace top-level components on their port only', () => {
    expect(effectivePolicy(spec.trafficPolicy, undefined, 80, 'http').loadBalancer?.lbPolicy).toEqual({ $case: 'simple', value: 1 });
    expect(effectivePolicy(spec.trafficPolicy, undefined, 81, 'http').loadBalancer?.lbPolicy).toEqual({ $case: 'simple', value: 2 });
  });

  it('a subset policy overrides the top-level component it sets and inherits the rest', () => {
    const merged = effectivePolicy(spec.trafficPolicy, spec.subsets[0]?.trafficPolicy, 81, 'http');
    expect(merged.connectionPool?.tcp?.maxConnections).toBe(9);
    expect(merged.loadBalancer?.lbPolicy).toEqual({ $case: 'simple', value: 2 });
  });
});

describe('upstream TLS', () => {
  const ctx = { sans: [], sni: 'outbound_.80_._.a', http2: false };

  it('DISABLE gives no transport socket; SIMPLE carries CA, SNI and SANs', () => {
    expect(upstreamTransportSocket(rule({ host: 'a', trafficPolicy: { tls: { mode: 'DISABLE' } } }).trafficPolicy?.tls, ctx)).toBeUndefined();
    const simple = upstreamTransportSocket(rule({ host: 'a', trafficPolicy: { tls: { mode: 'SIMPLE', caCertificates: '/ca.pem', sni: 'a.example.com', subjectAltNames: ['a.example.com'] } } }).trafficPolicy?.tls, ctx);
    expect(simple?.configType?.value.typeUrl).toBe('type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext');
  });

  it('MUTUAL without a client certificate is a problem, not a broken cluster', () => {
    expect(() => upstreamTransportSocket(rule({ host: 'a', trafficPolicy: { tls: { mode: 'MUTUAL', caCertificates: '/ca.pem' } } }).trafficPolicy?.tls, ctx)).toThrow(TlsSettingsProblem);
  });
});
