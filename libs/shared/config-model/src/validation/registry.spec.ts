import { isKnownKind, knownKinds } from './registry';
import { validateSpec } from './validate-spec';

describe('registry', () => {
  it('knows the Istio 1.2 kinds it validates', () => {
    // 22 core kinds (adapter and template included), and the 20 compiled adapters and 11
    // templates of Istio 1.2's legacy per-kind CRDs.
    expect(knownKinds()).toHaveLength(53);
    expect(isKnownKind('circonus')).toBe(true);
    expect(isKnownKind('edge')).toBe(true);
    expect(isKnownKind('adapter')).toBe(true);
    expect(isKnownKind('prometheus')).toBe(true);
    expect(isKnownKind('metric')).toBe(true);
    expect(isKnownKind('VirtualService')).toBe(true);
    expect(isKnownKind('Deployment')).toBe(false);
    expect(isKnownKind('toString')).toBe(false);
  });
  it('reports kinds without a validator and non-object specs', () => {
    expect(validateSpec('Deployment', {}, { name: 'r' })).toEqual([{ path: 'kind', message: 'no validator for kind "Deployment"', severity: 'error' }]);
    expect(validateSpec('QuotaSpec', [], { name: 'q' })[0]?.path).toBe('spec');
  });
});
