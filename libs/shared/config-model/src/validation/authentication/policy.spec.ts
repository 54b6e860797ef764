import { validateSpec } from '../validate-spec';

const errorPaths = (kind: string, spec: unknown, name: string, namespace?: string): string[] =>
  validateSpec(kind, spec, { name, namespace }).filter((i) => i.severity === 'error').map((i) => i.path);

const jwt = { issuer: 'testing@secure.istio.io', jwksUri: 'https://example.com/jwks.json', trigger_rules: [{ excludedPaths: [{ exact: '/health' }] }] };

describe('authentication Policy and MeshPolicy', () => {
  it('accepts targeted policies, namespace defaults and the mesh default', () => {
    const targeted = { targets: [{ name: 'productpage', ports: [{ number: 9080 }, { name: 'http' }] }], peers: [{ mtls: {} }], origins: [{ jwt }], principalBinding: 'USE_ORIGIN' };
    expect(errorPaths('Policy', targeted, 'productpage-policy', 'default')).toEqual([]);
    expect(errorPaths('Policy', { peers: [{ mtls: { mode: 'PERMISSIVE' } }] }, 'default', 'default')).toEqual([]);
    expect(errorPaths('MeshPolicy', { peers: [{ mtls: {} }] }, 'default')).toEqual([]);
  });

  it('enforces naming, targets and JWT rules', () => {
    const spec = {
      targets: [{ name: 'bad.target', ports: [{}] }],
      peers: [{ mtls: {}, jwt: { issuer: 'a', jwksUri: 'ftp://x/keys' } }],
      origins: [{ jwt: { issuer: 'a', audiences: [''], jwtHeaders: [''], jwtParams: [''] } }, { jwt: { jwksUri: 'not a url' } }, {}],
    };
    expect(errorPaths('Policy', spec, 'default', 'ns').sort()).toEqual(
      [
        'spec.targets',
        'spec.targets[0].name',
        'spec.targets[0].ports[0]',
        'spec.peers[0]',
        'spec.peers[0].jwt.jwksUri',
        'spec.origins[0].jwt.issuer',
        'spec.origins[0].jwt.audiences[0]',
        'spec.origins[0].jwt.jwtHeaders[0]',
        'spec.origins[0].jwt.jwtParams[0]',
        'spec.origins[1].jwt.issuer',
        'spec.origins[1].jwt.jwksUri',
        'spec.origins[2].jwt',
      ].sort(),
    );
    expect(errorPaths('Policy', { peers: [{ mtls: {} }] }, 'named', 'ns')).toEqual(['metadata.name']);
    expect(errorPaths('MeshPolicy', { targets: [{ name: 'a' }] }, 'mesh', 'ignored')).toEqual(['metadata.name', 'spec.targets']);
  });
});
