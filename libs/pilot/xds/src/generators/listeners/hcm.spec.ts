import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import type { Proxy } from '../../proxy';
import { ldsGenerator } from '../lds';
import { bookinfoFromYaml, ingressGateway, productpageSidecar, pushFrom, withSample } from '../routes/bookinfo-yaml.fixture';
import type { PushContext } from '../../push-context';

/** Every HCM of every listener the proxy gets, decoded, keyed by listener name. */
function hcms(proxy: Proxy, mesh: Partial<PushContext['mesh']> = {}): Array<[string, HttpConnectionManager]> {
  const push = pushFrom(withSample(bookinfoFromYaml(), 'bookinfo-gateway.yaml'), mesh);
  return ldsGenerator.generate(proxy, push, []).flatMap((g) => {
    const listener = Listener.decode(g.resource.value);
    return listener.filterChains.flatMap((c) => c.filters).flatMap((f) =>
      f.configType?.$case === 'typedConfig' && f.configType.value.typeUrl === EnvoyTypeUrl.HttpConnectionManager
        ? [[listener.name, HttpConnectionManager.decode(f.configType.value.value)] as [string, HttpConnectionManager]]
        : []);
  });
}

describe('HTTP connection manager (Istio 1.2 settings)', () => {
  it('runs cors, fault, then router; generates request ids; never times out idle streams', () => {
    const all = hcms(productpageSidecar());
    expect(all.map(([name]) => name)).toEqual(['10.1.0.6_9080', '0.0.0.0_9080', '0.0.0.0_80']);
    for (const [, hcm] of all) {
      expect(hcm.httpFilters.map((f) => f.name)).toEqual(['envoy.filters.http.cors', 'envoy.filters.http.fault', 'envoy.filters.http.router']);
      expect(hcm.generateRequestId).toBe(true);
      expect(hcm.streamIdleTimeout).toEqual({ seconds: '0', nanos: 0 });
    }
  });

  it('uses the remote address on gateways only (sidecar inbound and outbound trust x-forwarded-for)', () => {
    expect(hcms(productpageSidecar()).map(([, h]) => h.useRemoteAddress)).toEqual([false, false, false]);
    expect(hcms(ingressGateway()).map(([, h]) => h.useRemoteAddress)).toEqual([true]);
  });

  it('traces with 1.2 sampling: random at the pilot trace sampling (default 1%), client and overall 100%; none when tracing is off', () => {
    const [, first] = hcms(productpageSidecar())[0] ?? [];
    expect(first?.tracing).toMatchObject({ randomSampling: { value: 1 }, clientSampling: { value: 100 }, overallSampling: { value: 100 } });
    expect(hcms(ingressGateway(), { traceSamplingPercent: 25 }).map(([, h]) => h.tracing?.randomSampling?.value)).toEqual([25]);
    expect(hcms(productpageSidecar(), { enableTracing: false }).map(([, h]) => h.tracing)).toEqual([undefined, undefined, undefined]);
  });
});
