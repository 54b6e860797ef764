import type { McpResource } from '@tsmesh/shared-mcp';
import { crossResourceWarnings, resolveHost } from './cross-checks';

const r = (name: string, body: Record<string, unknown>, labels: Record<string, string> = {}): McpResource => ({ name, version: '1', labels, annotations: {}, body });
const config = (entries: Record<string, McpResource[]>) => new Map(Object.entries(entries).map(([k, v]) => [`istio/networking/v1alpha3/${k}`.replace('istio/networking/v1alpha3/pods', 'k8s/core/v1/pods'), v]));

describe('cross-resource warnings', () => {
  it('flags a route to a subset no DestinationRule defines, naming both resources', () => {
    const warnings = crossResourceWarnings(config({
      virtualservices: [r('default/reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 50 }] }] })],
      destinationrules: [r('default/reviews', { host: 'reviews.default.svc.cluster.local', subsets: [{ name: 'v1' }, { name: 'v2' }] })],
    }));
    expect(warnings).toEqual([{ resources: ['VirtualService default/reviews', 'DestinationRule default/reviews'], path: 'spec.http[0].route[1].destination.subset', message: 'subset "v3" of reviews.default.svc.cluster.local is not defined by DestinationRule default/reviews (it defines: v1, v2)' }]);
  });

  it('flags subsets used without any DestinationRule', () => {
    const warnings = crossResourceWarnings(config({ virtualservices: [r('prod/a', { hosts: ['a'], tcp: [{ route: [{ destination: { host: 'a', subset: 'blue' } }] }] })] }));
    expect(warnings[0]?.message).toBe('subset "blue" of a.prod.svc.cluster.local is used, but no DestinationRule for a.prod.svc.cluster.local exists');
  });

  it('flags a Gateway whose selector matches no pod, only when pods are known', () => {
    const gw = r('istio-system/gw', { selector: { istio: 'ingressgateway' }, servers: [] });
    expect(crossResourceWarnings(config({ gateways: [gw] }))).toEqual([]);
    const warnings = crossResourceWarnings(config({ gateways: [gw], pods: [r('default/p', {}, { app: 'x' })] }));
    expect(warnings).toEqual([{ resources: ['Gateway istio-system/gw'], path: 'spec.selector', message: 'selector istio=ingressgateway matches no workload' }]);
    expect(crossResourceWarnings(config({ gateways: [gw], pods: [r('istio-system/ig', {}, { istio: 'ingressgateway' })] }))).toEqual([]);
  });

  it('flags the same host in two VirtualServices for the same gateways', () => {
    const warnings = crossResourceWarnings(config({ virtualservices: [r('default/one', { hosts: ['reviews'] }), r('default/two', { hosts: ['reviews.default.svc.cluster.local'] }), r('default/gw', { hosts: ['reviews'], gateways: ['bookinfo-gateway'] })] }));
    expect(warnings).toEqual([{ resources: ['VirtualService default/one', 'VirtualService default/two'], path: 'spec.hosts[0]', message: 'host reviews.default.svc.cluster.local is also claimed by VirtualService default/one for gateways mesh; only one of them takes effect' }]);
  });

  it('resolves short names in the rule namespace', () => {
    expect(resolveHost('reviews', 'prod')).toBe('reviews.prod.svc.cluster.local');
    expect(resolveHost('*.example.com', 'prod')).toBe('*.example.com');
  });
});
