import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { routeConfigFromProto } from '@tsmesh/sidecar-xds-client';
import type { HttpFilterContext } from '../filter';
import { RouteTable } from './route-table';

const route = (cluster: string) => ({ match: { pathSpecifier: { $case: 'prefix' as const, value: '/' } }, action: { $case: 'route' as const, value: { clusterSpecifier: { $case: 'cluster' as const, value: cluster } } } });

function table(): RouteTable {
  return new RouteTable(
    routeConfigFromProto(
      RouteConfiguration.fromPartial({
        name: '80',
        virtualHosts: [
          { name: 'exact', domains: ['api.example.com'], routes: [route('exact')] },
          { name: 'suffix-long', domains: ['*.foo.example.com'], routes: [route('suffix-long')] },
          { name: 'suffix', domains: ['*.example.com'], routes: [route('suffix')] },
          { name: 'prefix', domains: ['api.*'], routes: [route('prefix')] },
          { name: 'any', domains: ['*'], routes: [route('any')] },
        ],
      }),
    ),
  );
}

describe('RouteTable virtual host selection (Envoy order: exact, longest *suffix, longest prefix*, *)', () => {
  const t = table();
  it.each([
    ['api.example.com', 'exact'],
    ['API.example.com', 'exact'],
    // Envoy matches the authority literally first (so api.* wins here); only then is the port stripped.
    ['api.example.com:8080', 'prefix'],
    ['x.foo.example.com:80', 'suffix-long'],
    ['a.foo.example.com', 'suffix-long'],
    ['b.example.com', 'suffix'],
    ['api.other.org', 'prefix'],
    ['unrelated', 'any'],
  ])('%s → %s', (authority, name) => {
    expect(t.virtualHost(authority)?.name).toBe(name);
  });

  it('matches paths case-insensitively only when case_sensitive is false', () => {
    const rt = new RouteTable(
      routeConfigFromProto(
        RouteConfiguration.fromPartial({
          name: 'x',
          virtualHosts: [{ name: 'v', domains: ['*'], routes: [{ name: 'ci', match: { pathSpecifier: { $case: 'path', value: '/Exact' }, caseSensitive: false }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: 'c' } } } }] }],
        }),
      ),
    );
    const vh = rt.virtualHost('h');
    const ctx = (path: string, method = 'GET'): HttpFilterContext => ({ method, authority: 'h', path, headers: {} });
    expect(vh && rt.route(vh, ctx('/exact?q=1'))?.name).toBe('ci');
    expect(vh && rt.route(vh, ctx('/exact/more'))).toBeUndefined();
  });
});
