import { isKnownKind, knownKinds } from './registry';
import { validateSpec } from './validate-spec';

describe('registry', () => {
  it('knows the Istio 1.2 kinds it validates', () => {
    expect(knownKinds()).toHaveLength(20);
    expect(isKnownKind('VirtualService')).toBe(true);
    expect(isKnownKind('Deployment')).toBe(false);
    expect(isKnownKind('toString')).toBe(false);
  });
  it('reports kinds without a validator and non-object specs', () => {
    expect(validateSpec('prometheus', {}, { name: 'r' })).toEqual([{ path: 'kind', message: 'no validator for kind "prometheus"', severity: 'error' }]);
    expect(validateSpec('QuotaSpec', [], { name: 'q' })[0]?.path).toBe('spec');
  });
});
