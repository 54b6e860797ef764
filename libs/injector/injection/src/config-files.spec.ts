import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMeshError } from '@tsmesh/shared-errors';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { createInjectorConfig, loadInjectorConfig, parseInjectConfig } from './injector-config';
import { DEFAULT_INJECTION_VALUES, parseInjectionValues } from './injection-values';
import { DEFAULT_MESH_CONFIG, parseMeshConfig } from './mesh-config';

function configErrorOf(action: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    action();
  } catch (error) {
    if (isMeshError(error)) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('injection values', () => {
  it('reads the real Istio 1.2 chart values.yaml', () => {
    const samples = process.env['ISTIO_SAMPLES'] ?? join(__dirname, '../../../../../shared/istio-samples');
    const values = parseInjectionValues(parseYaml(readFileSync(join(samples, 'install/kubernetes/helm/istio/values.yaml'), 'utf8')));
    expect(values).toMatchObject({
      hub: 'gcr.io/istio-release',
      tag: 'release-1.2-latest-daily',
      statusPort: 15020,
      tracer: 'zipkin',
      autoInject: 'enabled',
      proxyResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    });
  });

  it('defaults everything when given nothing', () => {
    expect(parseInjectionValues(undefined)).toEqual(DEFAULT_INJECTION_VALUES);
  });

  it.each([
    [{ global: { proxy: { statusPort: 70000 } } }, 'global.proxy.statusPort'],
    [{ global: { proxy: { tracer: 'jaeger' } } }, 'global.proxy.tracer'],
    [{ global: { proxy: { privileged: 'yes' } } }, 'global.proxy.privileged'],
    [{ global: { proxy: { resources: { limits: { cpu: 'two' } } } } }, 'global.proxy.resources.limits.cpu'],
    [{ sidecarInjectorWebhook: { neverInjectSelector: [{ matchExpressions: [{ key: 'a', operator: 'Near' }] }] } }, 'sidecarInjectorWebhook.neverInjectSelector[0]'],
  ])('rejects %j naming %s', (raw, field) => {
    expect(configErrorOf(() => parseInjectionValues(raw, 'values.yaml'))).toMatchObject({ code: 'TSM_CONFIG_INVALID', field });
  });

  it('validates the traffic parameters when the config is built', () => {
    const values = parseInjectionValues({ global: { proxy: { excludeIPRanges: '*' } } });
    expect(configErrorOf(() => createInjectorConfig({ values }))).toMatchObject({ field: 'global.proxy.excludeIPRanges' });
  });

  it('takes the policy from the top level or from global.proxy.autoInject', () => {
    expect(parseInjectConfig('policy: disabled\n', 'f').policy).toBe('disabled');
    expect(createInjectorConfig({ values: parseInjectConfig('global:\n  proxy:\n    autoInject: disabled\n', 'f').values }).policy).toBe('disabled');
    expect(configErrorOf(() => parseInjectConfig('policy: maybe\n', 'f'))).toMatchObject({ field: 'policy' });
    expect(configErrorOf(() => parseInjectConfig('global: [\n', 'f')).message).toMatch(/not valid YAML/);
  });
});

describe('mesh config', () => {
  it('overrides defaults field by field', () => {
    const mesh = parseMeshConfig({ defaultConfig: { discoveryAddress: 'pilot:15010', drainDuration: '30s', parentShutdownDuration: { seconds: 90 }, tracing: {} } });
    expect(mesh.defaultConfig).toMatchObject({ discoveryAddress: 'pilot:15010', drainDurationMs: 30_000, parentShutdownDurationMs: 90_000, tracing: {} });
    expect(mesh.defaultConfig.connectTimeoutMs).toBe(DEFAULT_MESH_CONFIG.defaultConfig.connectTimeoutMs);
  });

  it.each([
    [{ defaultConfig: { connectTimeout: 'soon' } }, 'defaultConfig.connectTimeout'],
    [{ defaultConfig: { interceptionMode: 'NONE' } }, 'defaultConfig.interceptionMode'],
    [{ defaultConfig: { proxyAdminPort: -1 } }, 'defaultConfig.proxyAdminPort'],
    [{ enableSdsTokenMount: 'yes' }, 'enableSdsTokenMount'],
  ])('rejects %j naming %s', (raw, field) => {
    expect(configErrorOf(() => parseMeshConfig(raw, 'mesh.yaml'))).toMatchObject({ field });
  });
});

describe('loadInjectorConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inject-config-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('loads both files, and names the flag of a file it cannot read', async () => {
    await writeFile(join(dir, 'inject.yaml'), 'policy: disabled\nglobal:\n  hub: example.com/istio\n  tag: "1.2.9"\n');
    await writeFile(join(dir, 'mesh.yaml'), 'defaultConfig:\n  discoveryAddress: localhost:15010\n');
    const config = await loadInjectorConfig({ inject: [{ path: join(dir, 'inject.yaml'), flag: '--inject-config' }], mesh: { path: join(dir, 'mesh.yaml'), flag: '--mesh-config' } });
    expect(config.policy).toBe('disabled');
    expect(config.values.hub).toBe('example.com/istio');
    expect(config.mesh.defaultConfig.discoveryAddress).toBe('localhost:15010');
    await expect(loadInjectorConfig({ mesh: { path: join(dir, 'missing.yaml'), flag: '--mesh-config' } })).rejects.toMatchObject({ code: 'TSM_CONFIG_INVALID', field: '--mesh-config' });
  });

  it('merges inject files in order like Helm values, and warns about an Istio template it ignores', async () => {
    await writeFile(join(dir, 'values.yaml'), 'global:\n  hub: first.io\n  tag: a\n  proxy:\n    statusPort: 1000\n');
    await writeFile(join(dir, 'config.yaml'), 'policy: disabled\ntemplate: "initContainers: []"\nglobal:\n  tag: b\n');
    const warnings: string[] = [];
    const config = await loadInjectorConfig(
      { inject: [{ path: join(dir, 'values.yaml'), flag: '--valuesFile' }, { path: join(dir, 'config.yaml'), flag: '--injectConfigFile' }] },
      (message) => warnings.push(message),
    );
    expect(config.values).toMatchObject({ hub: 'first.io', tag: 'b', statusPort: 1000 });
    expect(config.policy).toBe('disabled');
    expect(warnings).toEqual([expect.stringContaining('ignoring "template"')]);
  });

  it('changes the template version when parameters change', () => {
    const a = createInjectorConfig();
    const b = createInjectorConfig({ values: parseInjectionValues({ global: { tag: 'other' } }) });
    expect(a.templateVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(a.templateVersion).not.toBe(b.templateVersion);
  });
});
