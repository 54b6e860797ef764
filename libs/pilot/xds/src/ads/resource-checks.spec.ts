import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { checkResources } from './resource-checks';

const route = (rc: Parameters<typeof RouteConfiguration.fromPartial>[0], source?: string) => ({
  name: rc.name ?? '',
  source,
  resource: { typeUrl: XdsTypeUrl.RouteConfiguration, value: Buffer.from(RouteConfiguration.encode(RouteConfiguration.fromPartial(rc)).finish()) },
});
const cluster = (c: Parameters<typeof Cluster.fromPartial>[0]) => ({ name: c.name ?? '', resource: { typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(Cluster.fromPartial(c)).finish()) } });

describe('pre-push resource checks', () => {
  it('keeps valid route configs and names what is wrong with the others, with their source', () => {
    const good = route({ name: '9080', virtualHosts: [{ name: 'a:9080', domains: ['a', 'a:9080'], routes: [{ match: { pathSpecifier: { $case: 'prefix', value: '/' } }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: 'outbound|9080||a' } } } }] }] });
    const badRegex = route({ name: '8080', virtualHosts: [{ name: 'b:8080', domains: ['b'], routes: [{ name: 'r1', match: { pathSpecifier: { $case: 'safeRegex', value: { regex: '/api/(v1' } } }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: 'x' } } } }] }] }, 'VirtualService default/b');
    const dupDomains = route({ name: '7070', virtualHosts: [{ name: 'c1', domains: ['c'], routes: [] }, { name: 'c2', domains: ['C'], routes: [] }] });
    const weights = route({ name: '6060', virtualHosts: [{ name: 'd', domains: ['d'], routes: [{ match: { pathSpecifier: { $case: 'prefix', value: '/' } }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'weightedClusters', value: { clusters: [{ name: 'x', weight: 80 }, { name: 'y', weight: 30 }], totalWeight: 100 } } } } }] }] });
    const { valid, problems } = checkResources(XdsTypeUrl.RouteConfiguration, [good, badRegex, dupDomains, weights]);
    expect(valid.map((v) => v.name)).toEqual(['9080']);
    expect(problems).toEqual([
      { typeUrl: XdsTypeUrl.RouteConfiguration, name: '8080', source: 'VirtualService default/b', reason: 'virtual host b:8080 route r1: regex "/api/(v1" does not compile' },
      expect.objectContaining({ name: '7070', reason: 'domain "C" is in virtual hosts c1 and c2' }),
      expect.objectContaining({ name: '6060', reason: expect.stringMatching(/sum to 110, not total_weight 100/) }),
    ]);
  });

  it('rejects clusters Envoy would refuse and duplicate names', () => {
    const ok = cluster({ name: 'outbound|80||a', connectTimeout: { seconds: '1', nanos: 0 } });
    const zero = cluster({ name: 'outbound|80||b', connectTimeout: { seconds: '0', nanos: 0 } });
    const { valid, problems } = checkResources(XdsTypeUrl.Cluster, [ok, zero, ok]);
    expect(valid.map((v) => v.name)).toEqual(['outbound|80||a']);
    expect(problems.map((p) => p.reason)).toEqual(['connect_timeout must be greater than 0', 'duplicate resource name "outbound|80||a"']);
  });
});
