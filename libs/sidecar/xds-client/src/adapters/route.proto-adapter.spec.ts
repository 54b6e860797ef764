import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { BadRequestError } from '@tsmesh/shared-errors';
import { routeConfigFromProto } from './route.proto-adapter';

const vh = (domains: string[], action: object, match: object = { pathSpecifier: { $case: 'prefix', value: '/' } }) => ({ name: domains[0], domains, routes: [{ name: 'r', match, action }] });
const toCluster = (c: string) => ({ $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: c } } });

function convert(virtualHosts: object[]) {
  return routeConfigFromProto(RouteConfiguration.fromPartial({ name: '9080', virtualHosts } as Parameters<typeof RouteConfiguration.fromPartial>[0]));
}

describe('routeConfigFromProto', () => {
  it('carries weighted clusters, timeouts (default 15 s), retry and hash policy', () => {
    const rc = convert([
      vh(['reviews'], {
        $case: 'route',
        value: {
          clusterSpecifier: { $case: 'weightedClusters', value: { clusters: [{ name: 'v1', weight: 90 }, { name: 'v2', weight: 10 }] } },
          retryPolicy: { retryOn: '5xx', numRetries: 2 },
          hashPolicy: [{ policySpecifier: { $case: 'header', value: { headerName: 'X-User' } } }],
        },
      }),
      vh(['ratings'], toCluster('ratings')),
    ]);
    const target = rc.virtualHosts[0]?.routes[0]?.target;
    expect(target).toMatchObject({ kind: 'cluster', totalWeight: 100, timeoutMs: 15_000, retryPolicy: { retryOn: '5xx', numRetries: 2 }, hashPolicy: [{ kind: 'header', headerName: 'x-user' }] });
  });

  it('NACKs weights that do not add up, naming the field', () => {
    expect(() => convert([vh(['a'], { $case: 'route', value: { clusterSpecifier: { $case: 'weightedClusters', value: { clusters: [{ name: 'v1', weight: 50 }], totalWeight: 100 } } } })])).toThrow(
      expect.objectContaining({ field: 'virtual_hosts[0].routes[0].route.weighted_clusters' }) as Error,
    );
  });

  it('NACKs an invalid regex and duplicate domains', () => {
    expect(() => convert([vh(['a'], toCluster('c'), { pathSpecifier: { $case: 'safeRegex', value: { regex: '(' } } })])).toThrow(BadRequestError);
    expect(() => convert([vh(['a'], toCluster('c')), vh(['a'], toCluster('d'))])).toThrow(/duplicate domain a/);
  });
});
