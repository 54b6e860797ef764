import { validateSpec } from '../validate-spec';

const errorPaths = (spec: unknown): string[] =>
  validateSpec('EnvoyFilter', spec, { name: 'ef', namespace: 'default' }).filter((i) => i.severity === 'error').map((i) => i.path);

describe('EnvoyFilter', () => {
  it('accepts a 1.2-style filter insertion', () => {
    const spec = {
      workloadLabels: { app: 'reviews' },
      filters: [
        {
          listenerMatch: { portNumber: 9080, listenerType: 'SIDECAR_INBOUND' },
          insertPosition: { index: 'BEFORE', relativeTo: 'envoy.router' },
          filterType: 'HTTP',
          filterName: 'envoy.lua',
          filterConfig: { inlineCode: 'function envoy_on_request(h) end' },
        },
      ],
    };
    expect(errorPaths(spec)).toEqual([]);
  });

  it('reports missing filter parts and 1.3-style fields', () => {
    expect(errorPaths({ filters: [{ insertPosition: { index: 'AFTER' } }] })).toEqual([
      'spec.filters[0].insertPosition.relativeTo',
      'spec.filters[0].filterType',
      'spec.filters[0].filterName',
      'spec.filters[0].filterConfig',
    ]);
    expect(errorPaths({ configPatches: [] })).toEqual(['spec.configPatches', 'spec.filters']);
  });
});
