import { ldsGenerator } from '../lds';
import { buildRouteConfigs, rdsGenerator } from '../rds';
import { bookinfoFromYaml, ingressGateway, productpageSidecar, pushFrom, withSample } from './bookinfo-yaml.fixture';
import { expectGolden } from './golden.fixture';
import { readableListeners, readableRoutes } from './readable-xds';

const base = bookinfoFromYaml();

describe('Bookinfo LDS', () => {
  it('gives productpage inbound 10.1.0.6_9080, HTTP outbound 0.0.0.0_<port>, TCP (https) outbound <vip>_443 and virtual', () => {
    const push = pushFrom(withSample(base, 'destination-rule-all.yaml'));
    const listeners = ldsGenerator.generate(productpageSidecar(), push, []);
    expect(listeners.map((l) => l.name)).toEqual(['10.1.0.6_9080', '0.0.0.0_9080', '0.0.0.0_80', '10.0.1.1_443', 'virtual']);
    expectGolden('lds-bookinfo-productpage.json', readableListeners(listeners));
  });

  it('gives the ingress gateway 0.0.0.0_80 with RDS http.80 from bookinfo-gateway.yaml', () => {
    const push = pushFrom(withSample(base, 'bookinfo-gateway.yaml'));
    const listeners = ldsGenerator.generate(ingressGateway(), push, []);
    expect(listeners.map((l) => l.name)).toEqual(['0.0.0.0_80']);
    const routes = rdsGenerator.generate(ingressGateway(), push, ['http.80']);
    expectGolden('xds-bookinfo-gateway.json', { listeners: readableListeners(listeners), routes: readableRoutes(routes) });
  });
});

const SIDECAR_SAMPLES = [
  'virtual-service-all-v1.yaml',
  'virtual-service-reviews-50-v3.yaml',
  'virtual-service-reviews-80-20.yaml',
  'virtual-service-reviews-90-10.yaml',
  'virtual-service-reviews-jason-v2-v3.yaml',
  'virtual-service-reviews-test-v2.yaml',
  'virtual-service-reviews-v2-v3.yaml',
  'virtual-service-reviews-v3.yaml',
  'virtual-service-ratings-test-abort.yaml',
  'virtual-service-ratings-test-delay.yaml',
  'virtual-service-details-v2.yaml',
  'fault-injection-details-v1.yaml',
];

describe('Bookinfo RDS for the productpage sidecar', () => {
  it.each(SIDECAR_SAMPLES)('translates %s into route config 9080 without problems', (sample) => {
    const push = pushFrom(withSample(withSample(base, 'destination-rule-all.yaml'), sample));
    const { problems } = buildRouteConfigs(productpageSidecar(), push, ['9080']);
    expect(problems).toEqual([]);
    const routes = readableRoutes(rdsGenerator.generate(productpageSidecar(), push, ['9080']));
    expectGolden(`rds-bookinfo-${sample.replace(/\.yaml$/, '.json')}`, routes);
  });
});
