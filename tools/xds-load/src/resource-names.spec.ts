import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { TcpProxy } from '@tsmesh/contracts/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy';
import { edsNamesOf, rawAny, routeNamesOf } from './resource-names';

const cluster = (c: Parameters<typeof Cluster.fromPartial>[0]) => ({ typeUrl: '', value: Cluster.encode(Cluster.fromPartial(c)).finish() });
const hcm = (route: string) => ({ typeUrl: EnvoyTypeUrl.HttpConnectionManager, value: Buffer.from(HttpConnectionManager.encode(HttpConnectionManager.fromPartial({ statPrefix: route, routeSpecifier: { $case: 'rds', value: { routeConfigName: route } } })).finish()) });
const tcp = { typeUrl: EnvoyTypeUrl.TcpProxy, value: Buffer.from(TcpProxy.encode(TcpProxy.fromPartial({ statPrefix: 'x', clusterSpecifier: { $case: 'cluster', value: 'x' } })).finish()) };
const listener = (l: Parameters<typeof Listener.fromPartial>[0]) => ({ typeUrl: '', value: Listener.encode(Listener.fromPartial(l)).finish() });

describe('subscription names read from the wire', () => {
  it('takes EDS clusters only, by service_name or else cluster name', () => {
    const names = edsNamesOf([
      cluster({ name: 'outbound|80||a', clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS }, edsClusterConfig: { serviceName: '' } }),
      cluster({ name: 'outbound|80|v1|b', clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS }, edsClusterConfig: { serviceName: 'b-v1' } }),
      cluster({ name: 'PassthroughCluster', clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.ORIGINAL_DST } }),
    ]);
    expect(names).toEqual(['b-v1', 'outbound|80||a']);
  });

  it('finds RDS names in filter chains, the default chain and api listeners, skipping tcp_proxy', () => {
    const names = routeNamesOf([
      listener({ name: '0.0.0.0_9080', filterChains: [{ filters: [{ name: 'hcm', configType: { $case: 'typedConfig', value: hcm('9080') } }] }, { filters: [{ name: 'tcp', configType: { $case: 'typedConfig', value: tcp } }] }] }),
      listener({ name: 'd', defaultFilterChain: { filters: [{ name: 'hcm', configType: { $case: 'typedConfig', value: hcm('http.80') } }] } }),
      listener({ name: 'api', apiListener: { apiListener: hcm('a.ns:80') } }),
    ]);
    expect(names).toEqual(['9080', 'a.ns:80', 'http.80']);
  });

  it('splits an encoded Any', () => {
    const bytes = Buffer.from([0x0a, 0x01, 0x74, 0x12, 0x02, 0x01, 0x02]);
    const any = rawAny(bytes);
    expect([any.typeUrl, [...any.value]]).toEqual(['t', [1, 2]]);
  });
});
