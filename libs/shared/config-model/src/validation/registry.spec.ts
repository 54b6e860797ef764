import { isKnownKind, knownKinds } from './registry';
import { validateSpec } from './validate-spec';

describe('registry', () => {
  it('knows the Istio 1.2 kinds it validates', () => {
    // 20 core kinds, 9 compiled adapters and 10 templates of Istio 1.2's legacy per-kind CRDs.
    expect(knownKinds()).toHaveLength(39);
    expect(isKnownKind('prometheus')).toBe(true);
    expect(isKnownKind('metric')).toBe(true);
    expect(isKnownKind('VirtualService')).toBe(true);
    expect(isKnownKind('Deployment')).toBe(false);
    expect(isKnownKind('toString')).toBe(false);
  });
  it('reports kinds without a validator and non-object specs', () => {
    expect(validateSpec('circonus', {}, { name: 'r' })).toEqual([{ path: 'kind', message: 'no validator for kind "circonus"', severity: 'error' }]);
    expect(validateSpec('QuotaSpec', [], { name: 'q' })[0]?.path).toBe('spec');
  });
});
