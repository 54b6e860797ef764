import type { Route, RouteAction } from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import { HTTPRoute } from '@tsmesh/contracts/istio/networking/v1alpha3/virtual_service';
import { buildRouteConfigs, rdsGenerator } from '../rds';
import { bookinfoFromYaml, ingressGateway, productpageSidecar, pushFrom, withIstioFile } from './bookinfo-yaml.fixture';
import { expectGolden } from './golden.fixture';
import { translateHttpRoute, type RouteContext } from './http-route';
import { readableRoutes } from './readable-xds';

/** Istio 1.2's own pilot test configs (tests/testdata/...) translated and compared with goldens. */
const base = bookinfoFromYaml();
const actionOf = (r: Route | undefined): RouteAction | undefined => (r?.action?.$case === 'route' ? r.action.value : undefined);

function sidecarRoute(file: string, port: number, vhost: string): Route | undefined {
  const push = pushFrom(withIstioFile(base, file));
  const { routes, problems } = buildRouteConfigs(productpageSidecar(), push, [String(port)]);
  expect(problems).toEqual([]);
  return routes[0]?.virtualHosts.find((vh) => vh.name === vhost)?.routes[0];
}

describe('CORS (tests/testdata/config/rule-default-route-cors-policy.yaml)', () => {
  it('puts the corsPolicy on the route action as Istio 1.2 translates it', () => {
    const route = sidecarRoute('tests/testdata/config/rule-default-route-cors-policy.yaml', 80, 'cors.test.istio.io:80');
    expect(actionOf(route)?.cors).toEqual({
      allowOriginStringMatch: [{ ignoreCase: false, matchPattern: { $case: 'exact', value: 'http://foo.example' } }],
      allowMethods: 'POST,GET,OPTIONS',
      allowHeaders: 'content-type',
      exposeHeaders: 'x-custom-header',
      maxAge: '300',
      allowCredentials: true,
    });
    const push = pushFrom(withIstioFile(base, 'tests/testdata/config/rule-default-route-cors-policy.yaml'));
    const all = readableRoutes(rdsGenerator.generate(productpageSidecar(), push, ['80'])) as Array<{ virtualHosts: Array<{ name: string }> }>;
    expectGolden('rds-istio-cors-policy.json', all[0]?.virtualHosts.filter((vh) => vh.name === 'cors.test.istio.io:80'));
  });
});

describe('header operations', () => {
  const pairs = (opts: ReadonlyArray<{ header?: { key: string; value: string }; append?: boolean }> | undefined) => opts?.map((o) => [o.header?.key, o.header?.value, o.append]);
  it('reads the legacy append_headers of tests/testdata/config/rule-default-route-append-headers.yaml', () => {
    const route = sidecarRoute('tests/testdata/config/rule-default-route-append-headers.yaml', 80, 'appendh.test.istio.io:80');
    expect(pairs(route?.requestHeadersToAdd)).toEqual([['istio-custom-header', 'user-defined-value', true]]);
  });

  const ctx: RouteContext = { namespace: 'default', port: 9080, proxyLabels: {}, gateways: ['mesh'], vsGateways: [] };
  const translate = (json: unknown) => translateHttpRoute(HTTPRoute.fromJSON(json), ctx, 'r')[0];
  const ops = (name: string) => ({ set: { [`${name}-set`]: 's' }, add: { [`${name}-add`]: 'a' }, remove: [`${name}-gone`] });

  it('maps headers.request/response set (replace), add (append) and remove on the route, legacy fields after', () => {
    const route = translate({
      route: [{ destination: { host: 'reviews' } }],
      headers: { request: ops('req'), response: ops('resp') },
      appendHeaders: { legacy: 'l' }, appendRequestHeaders: { 'legacy-req': 'lr' }, removeRequestHeaders: ['old-req'], appendResponseHeaders: { 'legacy-resp': 'x' }, removeResponseHeaders: ['old-resp'],
    });
    expect(pairs(route?.requestHeadersToAdd)).toEqual([['req-set', 's', false], ['req-add', 'a', true], ['legacy-req', 'lr', true], ['legacy', 'l', true]]);
    expect(route?.requestHeadersToRemove).toEqual(['req-gone', 'old-req']);
    expect(pairs(route?.responseHeadersToAdd)).toEqual([['resp-set', 's', false], ['resp-add', 'a', true], ['legacy-resp', 'x', true]]);
    expect(route?.responseHeadersToRemove).toEqual(['resp-gone', 'old-resp']);
  });

  it('puts per-destination operations on each weighted cluster, and on the route when one destination remains', () => {
    const split = translate({
      route: [
        { destination: { host: 'reviews', subset: 'v1' }, weight: 80, headers: { request: ops('v1'), response: { set: { 'x-version': 'v1' } } } },
        { destination: { host: 'reviews', subset: 'v2' }, weight: 20, removeResponseHeaders: ['server'], appendRequestHeaders: { 'x-canary': 'yes' } },
      ],
    });
    const spec = actionOf(split)?.clusterSpecifier;
    const clusters = spec?.$case === 'weightedClusters' ? spec.value.clusters : [];
    expect(clusters.map((c) => [c.name, pairs(c.requestHeadersToAdd), c.requestHeadersToRemove, pairs(c.responseHeadersToAdd), c.responseHeadersToRemove])).toEqual([
      ['outbound|9080|v1|reviews.default.svc.cluster.local', [['v1-set', 's', false], ['v1-add', 'a', true]], ['v1-gone'], [['x-version', 'v1', false]], []],
      ['outbound|9080|v2|reviews.default.svc.cluster.local', [['x-canary', 'yes', true]], [], [], ['server']],
    ]);
    expect(split?.requestHeadersToAdd).toEqual([]);

    // A zero weight drops its destination (1.2); the survivor becomes a plain cluster carrying its headers up.
    const collapsed = translate({
      route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100, headers: { request: { set: { 'x-only': '1' } } } }, { destination: { host: 'reviews', subset: 'v2' }, weight: 0 }],
      headers: { request: { add: { 'x-route': 'r' } } },
    });
    expect(actionOf(collapsed)?.clusterSpecifier).toEqual({ $case: 'cluster', value: 'outbound|9080|v1|reviews.default.svc.cluster.local' });
    expect(pairs(collapsed?.requestHeadersToAdd)).toEqual([['x-route', 'r', true], ['x-only', '1', false]]);
  });

  it('leaves header operations off redirects, as 1.2 does', () => {
    const redirect = translate({ redirect: { uri: '/new' }, headers: { request: { set: { a: 'b' } } }, removeResponseHeaders: ['x'] });
    expect([redirect?.requestHeadersToAdd, redirect?.responseHeadersToRemove]).toEqual([[], []]);
  });
});

describe('Gateway httpsRedirect (tests/testdata/networking/ingress-gateway/configs.yaml)', () => {
  it('makes the HTTP server\'s virtual hosts require_tls ALL; the HTTPS server\'s stay NONE', () => {
    const push = pushFrom(withIstioFile(base, 'tests/testdata/networking/ingress-gateway/configs.yaml'));
    const { routes, problems } = buildRouteConfigs(ingressGateway(), push, ['http.80', 'https.443.https.istio-ingressgateway.istio-system']);
    expect(problems).toEqual([]);
    expect(routes.map((rc) => [rc.name, rc.virtualHosts.map((vh) => [vh.name, vh.requireTls])])).toEqual([
      ['http.80', [['*.bookinfo.com:80', 2]]],
      ['https.443.https.istio-ingressgateway.istio-system', [['*.bookinfo.com:443', 0]]],
    ]);
    expectGolden('rds-istio-ingress-gateway-https-redirect.json', readableRoutes(rdsGenerator.generate(ingressGateway(), push, ['http.80'])));
  });
});
