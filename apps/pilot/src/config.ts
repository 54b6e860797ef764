import { applyMeshConfig, DEFAULT_MESH, readMeshConfigFile, type MeshSettings } from '@tsmesh/pilot-xds';
import { flag, type ConfigOf } from '@tsmesh/shared-runtime';

export const pilotConfig = {
  grpcPort: flag.port({ flag: 'grpc-port', env: 'PILOT_GRPC_PORT', default: 15010, description: 'plaintext xDS (ADS) port (Istio 1.2: 15010)' }),
  httpPort: flag.port({ flag: 'http-port', env: 'PILOT_HTTP_PORT', default: 8080, description: 'debug endpoints /debug/adsz, /debug/syncz, /debug/configz, /debug/registryz' }),
  galleyAddress: flag.string({ flag: 'galley-address', env: 'PILOT_MCP_SERVER', default: '127.0.0.1:9901', description: 'galley MCP server host:port' }),
  debounceAfter: flag.duration({ flag: 'debounce-after', env: 'PILOT_DEBOUNCE_AFTER', default: '100ms', description: 'quiet time before a push (PILOT_DEBOUNCE_AFTER)' }),
  debounceMax: flag.duration({ flag: 'debounce-max', env: 'PILOT_DEBOUNCE_MAX', default: '10s', description: 'longest delay of a push during a burst (PILOT_DEBOUNCE_MAX)' }),
  meshConfig: flag.string({ flag: 'mesh-config', env: 'PILOT_MESH_CONFIG', description: 'Istio MeshConfig YAML file (Istio: --meshConfig); when not given, /etc/istio/config/mesh is read if it exists. Explicit flags win over it' }),
  // No default, so an explicit flag can be told apart from the mesh config's rootNamespace.
  rootNamespace: flag.string({ flag: 'root-namespace', env: 'PILOT_ROOT_NAMESPACE', description: 'mesh rootNamespace (default istio-system, or the mesh config\'s): its selector-less Sidecar is the mesh-wide default' }),
  traceSampling: flag.string({ flag: 'trace-sampling', env: 'PILOT_TRACE_SAMPLING', default: '1.0', description: 'percent (0-100) of new requests sidecars trace; Istio 1.2 chart default 1.0' }),
  localityLb: flag.boolean({ flag: 'enable-locality-lb', env: 'PILOT_ENABLE_LOCALITY_LOAD_BALANCING', description: 'locality load balancing (alpha in Istio 1.2): the mesh config\'s localityLbSetting.distribute weights, else priorities by proximity to each proxy for clusters with outlierDetection' }),
  domain: flag.string({ flag: 'domain', env: 'PILOT_DOMAIN', default: 'cluster.local', description: 'DNS domain suffix' }),
};

export type PilotConfig = ConfigOf<typeof pilotConfig>;

/**
 * Mesh settings in pilot's order of precedence: Istio's compiled-in defaults, then the mesh
 * config file, then flags given explicitly (a flag's own default never overrides the file).
 */
export function meshSettings(config: Pick<PilotConfig, 'meshConfig' | 'rootNamespace' | 'traceSampling' | 'localityLb'>): { readonly mesh: MeshSettings; readonly file: string | undefined } {
  const { path, overrides } = readMeshConfigFile(config.meshConfig);
  const mesh = applyMeshConfig(DEFAULT_MESH, overrides);
  return {
    file: path,
    mesh: { ...mesh, ...(config.rootNamespace !== undefined && { rootNamespace: config.rootNamespace }), traceSamplingPercent: traceSamplingPercent(config.traceSampling), localityLbEnabled: config.localityLb },
  };
}

/** PILOT_TRACE_SAMPLING as Istio reads it: a percentage; anything outside 0..100 is a start-up error. */
export function traceSamplingPercent(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) throw new Error(`--trace-sampling must be a percentage 0..100, got "${raw}"`);
  return value;
}
