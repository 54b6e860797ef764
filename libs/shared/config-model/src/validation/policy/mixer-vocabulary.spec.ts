import { validateSpec } from '../validate-spec';
import { mixerVocabulary } from './mixer-vocabulary';

const tenantManifest = { name: 'tenant', spec: { name: 'tenant', attributes: { 'tenant.id': { valueType: 'STRING' }, 'tenant.tier': { valueType: 4 }, 'bad.one': { valueType: 'IPV4' } } } };
const errors = (kind: string, spec: unknown, manifests: Array<{ name: string; spec: unknown }>) =>
  validateSpec(kind, spec, { name: 'x', namespace: 'istio-system' }, { vocabulary: mixerVocabulary(manifests) })
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.path}: ${i.message}`);

describe('expressions against the attributemanifests of the same batch', () => {
  it('accepts an attribute a user manifest declares, with its declared type', () => {
    expect(errors('instance', { compiledTemplate: 'metric', params: { value: '1', dimensions: { tenant: 'tenant.id | "none"' } } }, [tenantManifest])).toEqual([]);
    expect(errors('rule', { match: 'tenant.tier && tenant.id == "acme"', actions: [] }, [tenantManifest])).toEqual([]);
    expect(errors('logentry', { severity: 'tenant.id' }, [tenantManifest])).toEqual([]);
  });

  it('rejects an attribute no manifest declares, with the field path', () => {
    expect(errors('instance', { compiledTemplate: 'metric', params: { value: '1', dimensions: { tenant: 'tenant.id | "none"' } } }, [])).toEqual([
      expect.stringMatching(/^spec\.params\.dimensions\.tenant: unknown attribute 'tenant\.id'/),
    ]);
    expect(errors('rule', { match: 'tenant.tier', actions: [] }, [])).toEqual([expect.stringMatching(/^spec\.match: column 1: unknown attribute 'tenant\.tier'/)]);
    // A declaration with a value type Istio does not know declares nothing.
    expect(errors('logentry', { severity: 'bad.one' }, [tenantManifest])).toEqual([expect.stringMatching(/^spec\.severity: unknown attribute 'bad\.one'/)]);
  });

  it('checks the result type with the declared type', () => {
    expect(errors('logentry', { timestamp: 'tenant.id' }, [tenantManifest])).toEqual([
      'spec.timestamp: expression "tenant.id" has type STRING, template field needs TIMESTAMP',
    ]);
    expect(errors('rule', { match: 'tenant.id', actions: [] }, [tenantManifest])).toEqual([expect.stringMatching(/^spec\.match: column 1: a match expression must be BOOL/)]);
  });

  it('keeps the standard vocabulary underneath', () => {
    expect(mixerVocabulary([tenantManifest]).typeOf('request.time')).toBe('TIMESTAMP');
    expect(mixerVocabulary([]).typeOf('tenant.id')).toBeUndefined();
  });
});
