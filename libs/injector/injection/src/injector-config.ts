import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError, describeError } from '@tsmesh/shared-errors';
import { parse as parseYaml } from 'yaml';
import { parseInjectionValues, type InjectionPolicy, type InjectionValues } from './injection-values';
import { isPlainObject } from './kube-types';
import { DEFAULT_MESH_CONFIG, parseMeshConfig, type MeshConfig } from './mesh-config';
import { validateExcludeInboundPorts, validateExcludeIPRanges, validateIncludeInboundPorts, validateIncludeIPRanges } from './traffic-ports';

// Everything injection depends on, validated once at start-up: a bad parameter stops the
// injector (or istioctl) with a message naming the value, instead of failing every pod later.

/** Bumped whenever the template code changes what it renders; part of the status version. */
export const TEMPLATE_REVISION = 'tsmesh-istio-1.2-default-template/1';

export interface InjectorConfig {
  readonly policy: InjectionPolicy;
  readonly values: InjectionValues;
  readonly mesh: MeshConfig;
  /** Identifies template + parameters, like the hash Istio puts in sidecar.istio.io/status. */
  readonly templateVersion: string;
}

function validateParams(values: InjectionValues, source: string): void {
  const checks: [string, (value: string) => void, string][] = [
    ['global.proxy.includeIPRanges', validateIncludeIPRanges, values.includeIPRanges],
    ['global.proxy.excludeIPRanges', validateExcludeIPRanges, values.excludeIPRanges],
    ['global.proxy.includeInboundPorts', validateIncludeInboundPorts, values.includeInboundPorts],
    ['global.proxy.excludeInboundPorts', validateExcludeInboundPorts, values.excludeInboundPorts],
  ];
  for (const [field, check, value] of checks) {
    try {
      check(value);
    } catch (error) {
      throw new ConfigError(describeError(error), { field, source });
    }
  }
}

export function createInjectorConfig(
  options: { values?: InjectionValues; mesh?: MeshConfig; policy?: InjectionPolicy; source?: string } = {},
): InjectorConfig {
  const values = options.values ?? parseInjectionValues({});
  validateParams(values, options.source ?? 'inject config');
  const mesh = options.mesh ?? DEFAULT_MESH_CONFIG;
  const templateVersion = createHash('sha256').update(TEMPLATE_REVISION).update(JSON.stringify({ values, mesh })).digest('hex');
  return Object.freeze({ policy: options.policy ?? values.autoInject, values, mesh, templateVersion });
}

function parseYamlDocument(text: string, source: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError(`not valid YAML: ${describeError(error)}`, { source });
  }
}

/** Helm-style merge: maps merge key by key, anything else is replaced by the later value. */
function mergeValues(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined || override === null ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeValues(base[key], value);
  return out;
}

function injectConfigFromRaw(raw: unknown, source: string): { values: InjectionValues; policy?: InjectionPolicy } {
  const values = parseInjectionValues(raw, source);
  const policy = isPlainObject(raw) ? raw['policy'] : undefined;
  if (policy === undefined || policy === null) return { values };
  if (policy !== 'enabled' && policy !== 'disabled') {
    throw new ConfigError('must be enabled or disabled', { field: 'policy', source });
  }
  return { values, policy };
}

/** Inject config text: Helm values (global.*, sidecarInjectorWebhook.*) plus optional `policy`. */
export function parseInjectConfig(text: string, source: string): { values: InjectionValues; policy?: InjectionPolicy } {
  return injectConfigFromRaw(parseYamlDocument(text, source), source);
}

export interface ConfigFile {
  readonly path: string;
  /** The flag that named the file, for error messages. */
  readonly flag: string;
}

async function readConfigFile(file: ConfigFile): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file.path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file.path}: ${describeError(error)}`, { field: file.flag });
  }
  return parseYamlDocument(text, file.path);
}

/**
 * Loads the injector configuration. Inject config files are merged in order, like Helm value
 * files; no files at all means Istio 1.2 defaults. `warn` hears about settings that are ignored.
 */
export async function loadInjectorConfig(
  files: { inject?: readonly ConfigFile[]; mesh?: ConfigFile },
  warn: (message: string) => void = () => undefined,
): Promise<InjectorConfig> {
  let raw: unknown = undefined;
  for (const file of files.inject ?? []) {
    const content = await readConfigFile(file);
    if (isPlainObject(content) && 'template' in content) {
      warn(`${file.path}: ignoring "template": tsmesh renders Istio 1.2's default injection template; set its parameters as Helm values instead`);
    }
    raw = mergeValues(raw, content);
  }
  const source = (files.inject ?? []).map((file) => file.path).join(', ') || 'inject config';
  const inject = raw === undefined ? undefined : injectConfigFromRaw(raw, source);
  const mesh = files.mesh ? parseMeshConfig(await readConfigFile(files.mesh), files.mesh.path) : undefined;
  return createInjectorConfig({
    ...(inject && { values: inject.values }),
    ...(inject?.policy && { policy: inject.policy }),
    ...(mesh && { mesh }),
    source,
  });
}
