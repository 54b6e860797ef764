import { createInjectorConfig } from './injector-config';
import { injectionDecision, namespaceSelected } from './injection-policy';
import { parseInjectionValues } from './injection-values';

const spec = { containers: [{ name: 'app' }] };
const enabled = createInjectorConfig();
const disabled = createInjectorConfig({ policy: 'disabled' });

describe('injectionDecision', () => {
  it.each([
    ['enabled policy, no annotation', enabled, {}, true],
    ['disabled policy, no annotation', disabled, {}, false],
    ['disabled policy, inject "true"', disabled, { 'sidecar.istio.io/inject': 'true' }, true],
    ['disabled policy, inject "YES"', disabled, { 'sidecar.istio.io/inject': 'YES' }, true],
    ['disabled policy, inject "on"', disabled, { 'sidecar.istio.io/inject': 'on' }, true],
    ['enabled policy, inject "false"', enabled, { 'sidecar.istio.io/inject': 'false' }, false],
    ['enabled policy, inject "nonsense"', enabled, { 'sidecar.istio.io/inject': 'nonsense' }, false],
    ['enabled policy, already injected', enabled, { 'sidecar.istio.io/status': '{}', 'sidecar.istio.io/inject': 'true' }, false],
  ])('%s', (_name, config, annotations, inject) => {
    expect(injectionDecision(config, { namespace: 'default', annotations }, spec).inject).toBe(inject);
  });

  it('never injects host-network pods or system namespaces, whatever the annotation says', () => {
    const always = { 'sidecar.istio.io/inject': 'true' };
    expect(injectionDecision(enabled, { annotations: always }, { ...spec, hostNetwork: true })).toEqual({ inject: false, reason: 'pod uses host networking' });
    expect(injectionDecision(enabled, { namespace: 'kube-system', annotations: always }, spec).inject).toBe(false);
    expect(injectionDecision(enabled, { namespace: 'kube-public' }, spec).inject).toBe(false);
  });

  it('applies neverInjectSelector before alwaysInjectSelector, and both before the policy', () => {
    const values = parseInjectionValues({
      sidecarInjectorWebhook: {
        neverInjectSelector: [{ matchExpressions: [{ key: 'openshift.io/build.name', operator: 'Exists' }] }],
        alwaysInjectSelector: [{ matchLabels: { mesh: 'yes' } }, {}],
      },
    });
    const config = createInjectorConfig({ values, policy: 'disabled' });
    expect(injectionDecision(config, { labels: { mesh: 'yes' } }, spec)).toMatchObject({ inject: true, reason: 'labels match alwaysInjectSelector[0]' });
    expect(injectionDecision(config, { labels: { mesh: 'yes', 'openshift.io/build.name': 'b' } }, spec).inject).toBe(false);
    expect(injectionDecision(config, { labels: { other: 'x' } }, spec).inject).toBe(false);
    expect(injectionDecision(config, { labels: { mesh: 'yes' }, annotations: { 'sidecar.istio.io/inject': 'false' } }, spec).inject).toBe(false);
  });

  it('selects namespaces labelled istio-injection=enabled', () => {
    expect(namespaceSelected({ 'istio-injection': 'enabled' })).toBe(true);
    expect(namespaceSelected({ 'istio-injection': 'disabled' })).toBe(false);
    expect(namespaceSelected(undefined)).toBe(false);
  });
});
