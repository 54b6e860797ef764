import { validateSpec } from '../validate-spec';

const issues = (kind: string, spec: unknown, name = 'x') => validateSpec(kind, spec, { name, namespace: 'default' });
const errorPaths = (kind: string, spec: unknown, name = 'x'): string[] =>
  issues(kind, spec, name).filter((i) => i.severity === 'error').map((i) => i.path);

describe('ServiceRole', () => {
  it('accepts rules with supported constraints', () => {
    const spec = { rules: [{ services: ['*'], methods: ['GET'], not_ports: [22], constraints: [{ key: 'destination.labels[version]', values: ['v1'] }] }] };
    expect(issues('ServiceRole', spec)).toEqual([]);
  });
  it('reports conflicting and malformed rules, and warns on unsupported keys', () => {
    const spec = {
      rules: [{ methods: ['GET'], notMethods: ['POST'], ports: [80, 70000], constraints: [{ key: '', values: [] }, { key: 'destination.port', values: ['80'] }, { key: 'version', values: ['v1'] }] }],
    };
    expect(errorPaths('ServiceRole', spec).sort()).toEqual(
      ['spec.rules[0]', 'spec.rules[0].ports[1]', 'spec.rules[0].constraints[0].key', 'spec.rules[0].constraints[0].values', 'spec.rules[0].constraints[1].key'].sort(),
    );
    expect(issues('ServiceRole', spec).filter((i) => i.severity === 'warning').map((i) => i.path)).toEqual(['spec.rules[0].constraints[2].key']);
    expect(errorPaths('ServiceRole', {})).toEqual(['spec.rules']);
  });
});

describe('ServiceRoleBinding', () => {
  it('accepts subjects with a roleRef', () => {
    const spec = { subjects: [{ user: '*' }, { names: ['cluster.local/ns/default/sa/a'], properties: { 'source.namespace': 'x' } }], roleRef: { kind: 'ServiceRole', name: 'r' } };
    expect(issues('ServiceRoleBinding', spec)).toEqual([]);
  });
  it('reports empty subjects, duplicated properties, * names and role selection', () => {
    const spec = {
      subjects: [{}, { names: ['*'], properties: { 'source.principal': 'a' } }],
      roleRef: { kind: 'ClusterRole', name: '' },
      role: 'r',
    };
    expect(errorPaths('ServiceRoleBinding', spec).sort()).toEqual(
      ['spec.subjects[0]', 'spec.subjects[1].properties["source.principal"]', 'spec.subjects[1].names', 'spec', 'spec.roleRef.kind', 'spec.roleRef.name'].sort(),
    );
    expect(errorPaths('ServiceRoleBinding', { subjects: [{ user: 'a' }], actions: [{ methods: ['GET'], notMethods: ['PUT'] }] })).toEqual(['spec.actions[0]']);
    expect(errorPaths('ServiceRoleBinding', { subjects: [{ user: 'a' }], role: '/' })).toEqual(['spec.role']);
  });
});

describe('ClusterRbacConfig and RbacConfig', () => {
  it('accepts the default singleton', () => {
    expect(errorPaths('ClusterRbacConfig', { mode: 'ON_WITH_INCLUSION', inclusion: { namespaces: ['default'] } }, 'default')).toEqual([]);
    expect(issues('RbacConfig', { mode: 'OFF' }, 'default').map((i) => i.severity)).toEqual(['warning']);
  });
  it('requires the name default and inclusion/exclusion for their modes', () => {
    expect(errorPaths('ClusterRbacConfig', { mode: 'ON_WITH_EXCLUSION' }, 'other')).toEqual(['metadata.name', 'spec.exclusion']);
    expect(errorPaths('ClusterRbacConfig', { mode: 'ON_WITH_INCLUSION' }, 'default')).toEqual(['spec.inclusion']);
  });
});
