import { HTTPRoute } from '@tsmesh/contracts/istio/networking/v1alpha3/virtual_service';
import { buildRouteConfigs } from '../rds';
import { bookinfoFromYaml, productpageSidecar, pushFrom } from './bookinfo-yaml.fixture';
import { defaultRetryPolicy, retryPolicyOf, translateHttpRoute, type RouteContext } from './http-route';
import { RouteProblem } from './route-problem';

const ctx: RouteContext = { namespace: 'default', port: 9080, proxyLabels: { app: 'productpage' }, gateways: ['mesh'], vsGateways: [] };
const translate = (json: unknown) => translateHttpRoute(HTTPRoute.fromJSON(json), ctx, 'r');
const only = (json: unknown) => {
  const [route] = translate(json);
  if (!route) throw new Error('no route');
  return route;
};

describe('HTTPRoute translation', () => {
  it('maps uri exact/prefix/regex, headers and :method/:authority/:scheme', () => {
    expect(only({ match: [{ uri: { exact: '/a' } }], route: [{ destination: { host: 'reviews' } }] }).match?.pathSpecifier).toEqual({ $case: 'path', value: '/a' });
    expect(only({ match: [{ uri: { prefix: '/p' } }], route: [{ destination: { host: 'reviews' } }] }).match?.pathSpecifier).toEqual({ $case: 'prefix', value: '/p' });
    expect(only({ match: [{ uri: { regex: '/r.*' } }], route: [{ destination: { host: 'reviews' } }] }).match?.pathSpecifier).toEqual({ $case: 'safeRegex', value: { regex: '/r.*' } });
    const headers = only({ match: [{ headers: { 'End-User': { exact: 'jason' } }, method: { exact: 'GET' }, authority: { prefix: 'rev' }, scheme: { regex: 'https?' } }], route: [{ destination: { host: 'reviews' } }] }).match?.headers;
    expect(headers?.map((h) => [h.name, h.headerMatchSpecifier?.$case])).toEqual([['end-user', 'exactMatch'], [':method', 'exactMatch'], [':authority', 'prefixMatch'], [':scheme', 'safeRegexMatch']]);
  });

  it('drops matches whose sourceLabels, port or gateways exclude this proxy', () => {
    expect(translate({ match: [{ sourceLabels: { app: 'other' } }], route: [{ destination: { host: 'reviews' } }] })).toEqual([]);
    expect(translate({ match: [{ port: 8080 }], route: [{ destination: { host: 'reviews' } }] })).toEqual([]);
    expect(translate({ match: [{ gateways: ['bookinfo-gateway'] }], route: [{ destination: { host: 'reviews' } }] })).toEqual([]);
    expect(translate({ match: [{ sourceLabels: { app: 'productpage' } }], route: [{ destination: { host: 'reviews' } }] })).toHaveLength(1);
  });

  it('builds weighted clusters for subsets, and the 1.2 defaults (timeout 0s, 2 retries)', () => {
    const route = only({ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] });
    const action = route.action?.$case === 'route' ? route.action.value : undefined;
    const none = { requestHeadersToAdd: [], requestHeadersToRemove: [], responseHeadersToAdd: [], responseHeadersToRemove: [] };
    expect(action?.clusterSpecifier).toEqual({ $case: 'weightedClusters', value: { clusters: [{ name: 'outbound|9080|v1|reviews.default.svc.cluster.local', weight: 80, ...none }, { name: 'outbound|9080|v2|reviews.default.svc.cluster.local', weight: 20, ...none }] } });
    expect(action?.timeout).toEqual({ seconds: '0', nanos: 0 });
    expect(action?.retryPolicy).toEqual(defaultRetryPolicy());
  });

  it('maps retries, rewrite, mirror, websocket and redirect', () => {
    const route = only({
      route: [{ destination: { host: 'reviews', port: { number: 9090 } } }], timeout: { seconds: 3 }, retries: { attempts: 5, perTryTimeout: { seconds: 1 }, retryOn: '5xx' },
      rewrite: { uri: '/v2', authority: 'new' }, mirror: { host: 'reviews', subset: 'v3' }, websocketUpgrade: true,
    });
    const action = route.action?.$case === 'route' ? route.action.value : undefined;
    expect(action).toMatchObject({ clusterSpecifier: { $case: 'cluster', value: 'outbound|9090||reviews.default.svc.cluster.local' }, timeout: { seconds: '3', nanos: 0 }, prefixRewrite: '/v2', hostRewriteSpecifier: { $case: 'hostRewriteLiteral', value: 'new' } });
    expect(action?.retryPolicy).toMatchObject({ numRetries: 5, retryOn: '5xx', perTryTimeout: { seconds: '1', nanos: 0 }, hostSelectionRetryMaxAttempts: '5' });
    expect(action?.maxGrpcTimeout).toEqual({ seconds: '3', nanos: 0 });
    expect(action?.requestMirrorPolicies).toEqual([{ cluster: 'outbound|9080|v3|reviews.default.svc.cluster.local' }]);
    expect(action?.upgradeConfigs).toEqual([{ upgradeType: 'websocket' }]);
    const redirect = only({ redirect: { uri: '/new', authority: 'example.com' } });
    expect(redirect.action).toEqual({ $case: 'redirect', value: { pathRewriteSpecifier: { $case: 'pathRedirect', value: '/new' }, hostRedirect: 'example.com' } });
  });

  it('translates retries as Istio 1.2: numeric retryOn items are retriable status codes, attempts 0 means none', () => {
    expect(retryPolicyOf({ attempts: 3, retryOn: 'gateway-error,503,504', perTryTimeout: undefined })).toMatchObject({ numRetries: 3, retryOn: 'gateway-error,retriable-status-codes', retriableStatusCodes: [503, 504] });
    expect(retryPolicyOf({ attempts: 0, retryOn: '', perTryTimeout: undefined })).toBeUndefined();
    expect(retryPolicyOf(undefined)).toEqual(defaultRetryPolicy());
  });

  it('puts fault injection in the route\'s envoy.filters.http.fault config', () => {
    const route = only({ route: [{ destination: { host: 'ratings' } }], fault: { abort: { httpStatus: 500, percentage: { value: 50 } } } });
    expect(Object.keys(route.typedPerFilterConfig)).toEqual(['envoy.filters.http.fault']);
  });

  it('rejects bad regexes and weights that do not sum to 100', () => {
    expect(() => translate({ match: [{ uri: { regex: '(' } }], route: [{ destination: { host: 'reviews' } }] })).toThrow(RouteProblem);
    expect(() => translate({ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] })).toThrow(/sum to 70/);
  });
});

describe('the fallthrough virtual host (mesh outboundTrafficPolicy)', () => {
  const last = (mode: 'ALLOW_ANY' | 'REGISTRY_ONLY') => buildRouteConfigs(productpageSidecar(), pushFrom(bookinfoFromYaml(), { outboundTrafficPolicy: mode }), ['9080']).routes[0]?.virtualHosts.at(-1);
  it('ALLOW_ANY passes unknown hosts through; REGISTRY_ONLY answers them 502', () => {
    expect(last('ALLOW_ANY')).toMatchObject({ name: 'allow_any', domains: ['*'], routes: [{ action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: 'PassthroughCluster' } } } }] });
    expect(last('REGISTRY_ONLY')).toMatchObject({ name: 'block_all', domains: ['*'], routes: [{ action: { $case: 'directResponse', value: { status: 502 } } }] });
  });
});

describe('validation before push', () => {
  it('leaves out the bad route, keeps the rest, and names the VirtualService', () => {
    const state = bookinfoFromYaml();
    state.set('istio/networking/v1alpha3/virtualservices', [{
      name: 'default/reviews', version: '1', labels: {}, annotations: {},
      body: { hosts: ['reviews'], http: [{ match: [{ uri: { regex: '(' } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] }, { route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
    }]);
    const { routes, problems } = buildRouteConfigs(productpageSidecar(), pushFrom(state), ['9080']);
    expect(problems).toEqual([{ source: 'VirtualService default/reviews', message: 'http[0]: invalid regex "("' }]);
    const reviews = routes[0]?.virtualHosts.find((vh) => vh.name === 'reviews.default.svc.cluster.local:9080');
    expect(reviews?.routes.map((r) => r.name)).toEqual(['default/reviews#1']);
  });
});

describe('consistent hash', () => {
  it('puts the DestinationRule consistentHash (header, cookie, source IP) on routes to the host', () => {
    const state = bookinfoFromYaml();
    state.set('istio/networking/v1alpha3/destinationrules', [{
      name: 'default/reviews', version: '1', labels: {}, annotations: {},
      body: { host: 'reviews', trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'user', path: '/', ttl: '10s' } } } } },
    }]);
    const { routes } = buildRouteConfigs(productpageSidecar(), pushFrom(state), ['9080']);
    const route = routes[0]?.virtualHosts.find((vh) => vh.name === 'reviews.default.svc.cluster.local:9080')?.routes[0];
    const action = route?.action?.$case === 'route' ? route.action.value : undefined;
    expect(action?.hashPolicy).toEqual([{ policySpecifier: { $case: 'cookie', value: { name: 'user', path: '/', ttl: { seconds: '10', nanos: 0 }, attributes: [] } }, terminal: false }]);
  });
});

describe('VirtualService precedence per host', () => {
  const vs = (name: string, hosts: string[], minute: number) => ({
    name: `default/${name}`, version: '1', labels: {}, annotations: {}, createTime: new Date(Date.UTC(2019, 0, 1, 0, minute)),
    body: { hosts, http: [{ route: [{ destination: { host: 'reviews', subset: name } }] }] },
  });
  const clusterFor = (vss: ReturnType<typeof vs>[]) => {
    const state = bookinfoFromYaml();
    state.set('istio/networking/v1alpha3/virtualservices', vss);
    const { routes } = buildRouteConfigs(productpageSidecar(), pushFrom(state), ['9080']);
    const route = routes[0]?.virtualHosts.find((vh) => vh.name === 'reviews.default.svc.cluster.local:9080')?.routes[0];
    return route?.action?.$case === 'route' && route.action.value.clusterSpecifier?.$case === 'cluster' ? route.action.value.clusterSpecifier.value : undefined;
  };

  it('takes the oldest VirtualService covering the host, whether it names it exactly or by wildcard', () => {
    expect(clusterFor([vs('exact', ['reviews'], 2), vs('wild', ['*.default.svc.cluster.local'], 1)])).toBe('outbound|9080|wild|reviews.default.svc.cluster.local');
    expect(clusterFor([vs('exact', ['reviews'], 1), vs('wild', ['*.default.svc.cluster.local'], 2)])).toBe('outbound|9080|exact|reviews.default.svc.cluster.local');
    expect(clusterFor([vs('first', ['reviews'], 1), vs('second', ['reviews.default.svc.cluster.local'], 2)])).toBe('outbound|9080|first|reviews.default.svc.cluster.local');
  });
});
