import { validateSpec } from '../validate-spec';

const errors = (kind: string, spec: unknown) => validateSpec(kind, spec, { name: 'x', namespace: 'istio-system' }).filter((i) => i.severity === 'error');

describe('Mixer config kinds', () => {
  it('rule: actions need a handler and instances; unknown fields are errors', () => {
    expect(errors('rule', { match: 'true', actions: [{ handler: 'h', instances: ['i.metric'] }] })).toEqual([]);
    expect(errors('rule', { actions: [{ instances: [] }], badField: 1 }).map((i) => i.path).sort()).toEqual(['spec.actions[0].handler', 'spec.actions[0].instances', 'spec.badField']);
  });

  it('handler and instance name their adapter and template', () => {
    expect(errors('handler', { compiledAdapter: 'prometheus', params: { metrics: [] } })).toEqual([]);
    expect(errors('handler', { params: {} })[0]?.path).toBe('spec.compiledAdapter');
    expect(errors('instance', { compiledTemplate: 'metric', params: { value: '1' } })).toEqual([]);
    expect(errors('instance', { params: {} })[0]?.path).toBe('spec.compiledTemplate');
  });

  it('attributemanifest value types come from Istio 1.2', () => {
    expect(errors('attributemanifest', { attributes: { 'source.ip': { valueType: 'IP_ADDRESS' } } })).toEqual([]);
    expect(errors('attributemanifest', { attributes: { 'source.ip': { valueType: 'IPV4' } } })[0]?.path).toBe('spec.attributes["source.ip"].valueType');
  });
});
