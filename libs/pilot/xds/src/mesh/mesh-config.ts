import { existsSync, readFileSync } from 'node:fs';
import { parseGoDuration } from '@tsmesh/shared-config-model';
import { ConfigError } from '@tsmesh/shared-errors';
import { parse as parseYaml } from 'yaml';
import type { MeshSettings } from '../push-context';
import { parseLocalityLbSetting } from './locality-lb-setting';

/** Where Istio 1.2's pilot reads the mesh config (`--meshConfig`): the `istio` ConfigMap's `mesh` key. */
export const DEFAULT_MESH_CONFIG_FILE = '/etc/istio/config/mesh';

/** The MeshConfig fields pilot uses, as set in a mesh config file (absent fields are absent). */
export type MeshConfigOverrides = Partial<Pick<MeshSettings, 'connectTimeoutMs' | 'outboundTrafficPolicy' | 'rootNamespace' | 'enableTracing' | 'localityLbSetting'>>;

type Kind = 'string' | 'boolean' | 'integer' | 'duration' | 'object' | 'list' | readonly string[];

/**
 * The other fields of Istio 1.2's MeshConfig (mesh.v1alpha1, read by jsonpb, which rejects
 * unknown fields): accepted with their proto type checked, and otherwise left to the components
 * that use them (the injector reads defaultConfig and sdsUdsPath, for instance).
 */
const OTHER_FIELDS: Readonly<Record<string, Kind>> = {
  mixerCheckServer: 'string', mixerReportServer: 'string', disablePolicyChecks: 'boolean', policyCheckFailOpen: 'boolean',
  sidecarToTelemetrySessionAffinity: 'boolean', proxyListenPort: 'integer', proxyHttpPort: 'integer', ingressClass: 'string',
  ingressService: 'string', ingressControllerMode: ['OFF', 'DEFAULT', 'STRICT'], authPolicy: ['NONE', 'MUTUAL_TLS'],
  rdsRefreshDelay: 'duration', accessLogFile: 'string', accessLogFormat: 'string', accessLogEncoding: ['TEXT', 'JSON'],
  defaultConfig: 'object', mixerAddress: 'string', enableClientSidePolicyCheck: 'boolean', sdsUdsPath: 'string',
  sdsRefreshDelay: 'duration', configSources: 'list', enableSdsTokenMount: 'boolean', trustDomain: 'string',
  defaultServiceExportTo: 'list', defaultVirtualServiceExportTo: 'list', defaultDestinationRuleExportTo: 'list', dnsRefreshRate: 'duration',
};
const USED_FIELDS = ['connectTimeout', 'outboundTrafficPolicy', 'rootNamespace', 'enableTracing', 'localityLbSetting'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Go duration (jsonpb reads google.protobuf.Duration with time.ParseDuration), in milliseconds. */
function durationMs(value: unknown): number | undefined {
  const nanos = typeof value === 'string' ? parseGoDuration(value) : undefined;
  return nanos === undefined ? undefined : Math.round(nanos) / 1e6;
}

function checkKind(value: unknown, kind: Kind): string | undefined {
  if (Array.isArray(kind)) return kind.includes(value as string) || Number.isInteger(value) ? undefined : `must be one of ${kind.join(', ')}`;
  if (kind === 'duration') return durationMs(value) === undefined ? 'must be a duration such as 10s or 500ms' : undefined;
  if (kind === 'integer') return Number.isInteger(value) ? undefined : 'must be an integer';
  if (kind === 'object') return isObject(value) ? undefined : 'must be a mapping';
  if (kind === 'list') return Array.isArray(value) ? undefined : 'must be a list';
  return typeof value === kind ? undefined : `must be a ${kind}`;
}

/**
 * Reads a MeshConfig object (the parsed YAML of a mesh config file). Keys may be JSON names
 * (`connectTimeout`) or proto names (`connect_timeout`), as jsonpb accepts; unknown keys and
 * wrong types are ConfigErrors naming `source` and the field path. Validates as Istio 1.2's
 * ValidateMeshConfig does for these fields (connectTimeout at least 1ms in whole ms; localityLbSetting).
 */
export function parseMeshConfig(raw: unknown, source: string): MeshConfigOverrides {
  const fail = (field: string | undefined, reason: string): never => {
    throw new ConfigError(reason, { ...(field !== undefined && { field }), source });
  };
  if (raw === null || raw === undefined) return {};
  if (!isObject(raw)) return fail(undefined, 'must be a YAML mapping (Istio MeshConfig)');
  const out: { -readonly [K in keyof MeshConfigOverrides]: MeshConfigOverrides[K] } = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const other = OTHER_FIELDS[name];
    if (!other && !USED_FIELDS.includes(name)) fail(key, 'unknown MeshConfig field');
    if (value === null) continue;
    if (other) {
      const problem = checkKind(value, other);
      if (problem) fail(key, problem);
      continue;
    }
    if (name === 'connectTimeout') {
      const ms = durationMs(value);
      if (ms === undefined) fail(key, 'must be a duration such as 10s or 500ms');
      else if (ms < 1 || !Number.isInteger(ms)) fail(key, `duration ${String(value)} must be at least 1ms and a whole number of milliseconds`);
      else out.connectTimeoutMs = ms;
    } else if (name === 'rootNamespace' || name === 'enableTracing') {
      const problem = checkKind(value, name === 'rootNamespace' ? 'string' : 'boolean');
      if (problem) fail(key, problem);
      if (name === 'rootNamespace') out.rootNamespace = value as string;
      else out.enableTracing = value as boolean;
    } else if (name === 'outboundTrafficPolicy') {
      if (!isObject(value)) return fail(key, 'must be a mapping with mode');
      for (const [k, mode] of Object.entries(value)) {
        if (k !== 'mode') fail(`${key}.${k}`, 'unknown field (known: mode)');
        if (mode !== 'ALLOW_ANY' && mode !== 'REGISTRY_ONLY') fail(`${key}.mode`, 'must be one of REGISTRY_ONLY, ALLOW_ANY');
        else out.outboundTrafficPolicy = mode;
      }
    } else {
      out.localityLbSetting = parseLocalityLbSetting(value, key, source);
    }
  }
  return out;
}

/** Parses the text of a mesh config file (YAML, or JSON which is YAML too). */
export function parseMeshConfigYaml(text: string, source: string): MeshConfigOverrides {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`, { source, cause: error });
  }
  return parseMeshConfig(raw, source);
}

/**
 * Reads the mesh config file as pilot does at start-up: an explicitly given path must exist;
 * without one, Istio's default path is read when present and the compiled-in defaults apply otherwise.
 */
export function readMeshConfigFile(explicitPath: string | undefined): { readonly path: string | undefined; readonly overrides: MeshConfigOverrides } {
  const path = explicitPath ?? DEFAULT_MESH_CONFIG_FILE;
  if (explicitPath === undefined && !existsSync(path)) return { path: undefined, overrides: {} };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the mesh config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { field: '--mesh-config', source: path, cause: error });
  }
  return { path, overrides: parseMeshConfigYaml(text, path) };
}

/** `base` with what the file sets; explicit flags are applied on top by the caller. */
export function applyMeshConfig(base: MeshSettings, overrides: MeshConfigOverrides): MeshSettings {
  return { ...base, ...overrides };
}
