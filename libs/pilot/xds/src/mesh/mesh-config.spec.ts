import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '@tsmesh/shared-errors';
import { DEFAULT_MESH } from '../push-context';
import { applyMeshConfig, parseMeshConfigYaml, readMeshConfigFile } from './mesh-config';

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return describeError(error);
  }
  throw new Error('expected an error');
};

describe('mesh config file (Istio MeshConfig YAML)', () => {
  it('reads the fields pilot uses, by JSON or proto name, and ignores the other MeshConfig fields', () => {
    const yaml = [
      'connectTimeout: 10s', 'outbound_traffic_policy: {mode: REGISTRY_ONLY}', 'rootNamespace: mesh-root', 'enableTracing: false',
      'localityLbSetting: {failover: [{from: r1, to: r2}]}',
      // What a default 1.2 helm install also writes into the `mesh` key: accepted and left alone.
      'disablePolicyChecks: true', 'accessLogFile: /dev/stdout', 'accessLogEncoding: TEXT', 'ingressControllerMode: "OFF"',
      'defaultConfig: {connectTimeout: 10s, proxyAdminPort: 15000}', 'sdsUdsPath: ""', 'dnsRefreshRate: 300s', 'defaultServiceExportTo: ["*"]',
    ].join('\n');
    const overrides = parseMeshConfigYaml(yaml, 'mesh');
    expect(overrides).toEqual({ connectTimeoutMs: 10_000, outboundTrafficPolicy: 'REGISTRY_ONLY', rootNamespace: 'mesh-root', enableTracing: false, localityLbSetting: { failover: [{ from: 'r1', to: 'r2' }] } });
    expect(applyMeshConfig(DEFAULT_MESH, overrides)).toEqual({ ...DEFAULT_MESH, ...overrides });
    expect(parseMeshConfigYaml('', 'mesh')).toEqual({});
    expect(parseMeshConfigYaml('connectTimeout: 250ms', 'mesh')).toEqual({ connectTimeoutMs: 250 });
  });

  it('rejects unknown keys and wrong types, naming the file and the field path', () => {
    expect(failure(() => parseMeshConfigYaml('connectTimout: 1s', '/etc/mesh'))).toBe('TSM_CONFIG_INVALID: /etc/mesh: connectTimout: unknown MeshConfig field');
    expect(failure(() => parseMeshConfigYaml('enableTracing: "yes please"', 'm'))).toBe('TSM_CONFIG_INVALID: m: enableTracing: must be a boolean');
    expect(failure(() => parseMeshConfigYaml('outboundTrafficPolicy: {mode: DENY}', 'm'))).toBe('TSM_CONFIG_INVALID: m: outboundTrafficPolicy.mode: must be one of REGISTRY_ONLY, ALLOW_ANY');
    expect(failure(() => parseMeshConfigYaml('connectTimeout: soon', 'm'))).toBe('TSM_CONFIG_INVALID: m: connectTimeout: must be a duration such as 10s or 500ms');
    expect(failure(() => parseMeshConfigYaml('connectTimeout: 1500us', 'm'))).toMatch(/connectTimeout: duration 1500us must be at least 1ms and a whole number of milliseconds/);
    expect(failure(() => parseMeshConfigYaml('proxyListenPort: "15001"', 'm'))).toBe('TSM_CONFIG_INVALID: m: proxyListenPort: must be an integer');
    expect(failure(() => parseMeshConfigYaml('localityLbSetting: {distribute: [{from: r1, to: {r1/z1: 70}}]}', 'm'))).toBe('TSM_CONFIG_INVALID: m: localityLbSetting.distribute[0].to: total locality weight 70 != 100');
    expect(failure(() => parseMeshConfigYaml('- a\n- b', 'm'))).toBe('TSM_CONFIG_INVALID: m: must be a YAML mapping (Istio MeshConfig)');
    expect(failure(() => parseMeshConfigYaml('a: [', 'm'))).toMatch(/^TSM_CONFIG_INVALID: m: not valid YAML/);
  });

  it('reads an explicit file, which must exist; without one a missing default file means the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmesh-mesh-'));
    const file = join(dir, 'mesh');
    writeFileSync(file, 'rootNamespace: from-file\n');
    expect(readMeshConfigFile(file)).toEqual({ path: file, overrides: { rootNamespace: 'from-file' } });
    expect(failure(() => readMeshConfigFile(join(dir, 'absent')))).toBe(`TSM_CONFIG_INVALID: ${join(dir, 'absent')}: --mesh-config: cannot read the mesh config file: ENOENT`);
    // The machine running the tests has no /etc/istio/config/mesh.
    expect(readMeshConfigFile(undefined)).toEqual({ path: undefined, overrides: {} });
  });
});
