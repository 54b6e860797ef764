import { ConfigError } from '@tsmesh/shared-errors';
import { parseGoDuration } from './go-duration';
import { isPlainObject } from './kube-types';

// The part of Istio's MeshConfig (mesh.v1alpha1) the injection template reads: the default
// ProxyConfig plus the SDS token-mount switch. A mesh config file is the `mesh` key of the
// `istio` ConfigMap; fields it sets override the defaults one by one.

export interface TracingConfig {
  readonly zipkin?: { readonly address: string };
  readonly lightstep?: { readonly address: string; readonly accessToken: string; readonly secure: boolean; readonly cacertPath: string };
  readonly datadog?: { readonly address: string };
}

export interface ProxyConfig {
  readonly configPath: string;
  readonly binaryPath: string;
  readonly serviceCluster: string;
  readonly drainDurationMs: number;
  readonly parentShutdownDurationMs: number;
  readonly discoveryAddress: string;
  readonly connectTimeoutMs: number;
  readonly statsdUdpAddress: string;
  readonly envoyMetricsServiceAddress: string;
  readonly proxyAdminPort: number;
  readonly concurrency: number;
  readonly controlPlaneAuthPolicy: 'NONE' | 'MUTUAL_TLS';
  readonly interceptionMode: 'REDIRECT' | 'TPROXY';
  readonly tracing: TracingConfig | undefined;
}

export interface MeshConfig {
  readonly defaultConfig: ProxyConfig;
  readonly sdsUdsPath: string;
  readonly enableSdsTokenMount: boolean;
}

/** The mesh a default Istio 1.2 Helm install writes into the `istio` ConfigMap. */
export const DEFAULT_MESH_CONFIG: MeshConfig = Object.freeze({
  sdsUdsPath: '',
  enableSdsTokenMount: false,
  defaultConfig: Object.freeze({
    configPath: '/etc/istio/proxy',
    binaryPath: '/usr/local/bin/envoy',
    serviceCluster: 'istio-proxy',
    drainDurationMs: 45_000,
    parentShutdownDurationMs: 60_000,
    discoveryAddress: 'istio-pilot.istio-system:15010',
    connectTimeoutMs: 10_000,
    statsdUdpAddress: '',
    envoyMetricsServiceAddress: '',
    proxyAdminPort: 15000,
    concurrency: 2,
    controlPlaneAuthPolicy: 'NONE',
    interceptionMode: 'REDIRECT',
    tracing: { zipkin: { address: 'zipkin.istio-system:9411' } },
  }),
});

type Raw = Record<string, unknown>;

function reader(raw: Raw, prefix: string, source: string) {
  const fail = (key: string, reason: string): never => {
    throw new ConfigError(reason, { field: `${prefix}${key}`, source });
  };
  return {
    string(key: string, fallback: string): string {
      const value = raw[key];
      if (value === undefined || value === null) return fallback;
      return typeof value === 'string' ? value : fail(key, 'must be a string');
    },
    integer(key: string, fallback: number): number {
      const value = raw[key];
      if (value === undefined || value === null) return fallback;
      return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : fail(key, 'must be a non-negative integer');
    },
    boolean(key: string, fallback: boolean): boolean {
      const value = raw[key];
      if (value === undefined || value === null) return fallback;
      return typeof value === 'boolean' ? value : fail(key, 'must be true or false');
    },
    duration(key: string, fallback: number): number {
      const value = raw[key];
      if (value === undefined || value === null) return fallback;
      if (isPlainObject(value)) return Number(value['seconds'] ?? 0) * 1000 + Number(value['nanos'] ?? 0) / 1e6;
      try {
        return parseGoDuration(String(value));
      } catch (error) {
        return fail(key, (error as Error).message);
      }
    },
    oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
      const value = this.string(key, fallback);
      return (allowed as readonly string[]).includes(value) ? (value as T) : fail(key, `must be one of ${allowed.join(', ')}`);
    },
    object(key: string): Raw | undefined {
      const value = raw[key];
      if (value === undefined || value === null) return undefined;
      return isPlainObject(value) ? value : fail(key, 'must be an object');
    },
  };
}

function parseTracing(raw: Raw | undefined, source: string): TracingConfig | undefined {
  if (raw === undefined) return undefined;
  const zipkin = isPlainObject(raw['zipkin']) ? raw['zipkin'] : undefined;
  const lightstep = isPlainObject(raw['lightstep']) ? raw['lightstep'] : undefined;
  const datadog = isPlainObject(raw['datadog']) ? raw['datadog'] : undefined;
  const prefix = 'defaultConfig.tracing.';
  return {
    ...(zipkin && { zipkin: { address: reader(zipkin, `${prefix}zipkin.`, source).string('address', '') } }),
    ...(datadog && { datadog: { address: reader(datadog, `${prefix}datadog.`, source).string('address', '') } }),
    ...(lightstep && {
      lightstep: {
        address: reader(lightstep, `${prefix}lightstep.`, source).string('address', ''),
        accessToken: reader(lightstep, `${prefix}lightstep.`, source).string('accessToken', ''),
        secure: reader(lightstep, `${prefix}lightstep.`, source).boolean('secure', false),
        cacertPath: reader(lightstep, `${prefix}lightstep.`, source).string('cacertPath', ''),
      },
    }),
  };
}

function parseProxyConfig(raw: Raw, base: ProxyConfig, source: string): ProxyConfig {
  const read = reader(raw, 'defaultConfig.', source);
  return Object.freeze({
    configPath: read.string('configPath', base.configPath),
    binaryPath: read.string('binaryPath', base.binaryPath),
    serviceCluster: read.string('serviceCluster', base.serviceCluster),
    drainDurationMs: read.duration('drainDuration', base.drainDurationMs),
    parentShutdownDurationMs: read.duration('parentShutdownDuration', base.parentShutdownDurationMs),
    discoveryAddress: read.string('discoveryAddress', base.discoveryAddress),
    connectTimeoutMs: read.duration('connectTimeout', base.connectTimeoutMs),
    statsdUdpAddress: read.string('statsdUdpAddress', base.statsdUdpAddress),
    envoyMetricsServiceAddress: read.string('envoyMetricsServiceAddress', base.envoyMetricsServiceAddress),
    proxyAdminPort: read.integer('proxyAdminPort', base.proxyAdminPort),
    concurrency: read.integer('concurrency', base.concurrency),
    controlPlaneAuthPolicy: read.oneOf('controlPlaneAuthPolicy', ['NONE', 'MUTUAL_TLS'], base.controlPlaneAuthPolicy),
    interceptionMode: read.oneOf('interceptionMode', ['REDIRECT', 'TPROXY'], base.interceptionMode),
    tracing: 'tracing' in raw ? parseTracing(read.object('tracing'), source) : base.tracing,
  });
}

/** Reads a MeshConfig YAML/JSON object; absent fields keep the values of `base`. */
export function parseMeshConfig(raw: unknown, source = 'mesh config', base: MeshConfig = DEFAULT_MESH_CONFIG): MeshConfig {
  if (raw !== undefined && raw !== null && !isPlainObject(raw)) throw new ConfigError('must be a YAML mapping (MeshConfig)', { source });
  const root = isPlainObject(raw) ? raw : {};
  const read = reader(root, '', source);
  return Object.freeze({
    sdsUdsPath: read.string('sdsUdsPath', base.sdsUdsPath),
    enableSdsTokenMount: read.boolean('enableSdsTokenMount', base.enableSdsTokenMount),
    defaultConfig: parseProxyConfig(read.object('defaultConfig') ?? {}, base.defaultConfig, source),
  });
}
