import { flag } from '@tsmesh/shared-runtime';

export const pilotConfig = {
  grpcPort: flag.port({ flag: 'grpc-port', env: 'PILOT_GRPC_PORT', default: 15010, description: 'plaintext xDS (ADS) port (Istio 1.2: 15010)' }),
  httpPort: flag.port({ flag: 'http-port', env: 'PILOT_HTTP_PORT', default: 8080, description: 'debug endpoints /debug/adsz, /debug/syncz, /debug/configz, /debug/registryz' }),
  galleyAddress: flag.string({ flag: 'galley-address', env: 'PILOT_MCP_SERVER', default: '127.0.0.1:9901', description: 'galley MCP server host:port' }),
  debounceAfter: flag.duration({ flag: 'debounce-after', env: 'PILOT_DEBOUNCE_AFTER', default: '100ms', description: 'quiet time before a push (PILOT_DEBOUNCE_AFTER)' }),
  debounceMax: flag.duration({ flag: 'debounce-max', env: 'PILOT_DEBOUNCE_MAX', default: '10s', description: 'longest delay of a push during a burst (PILOT_DEBOUNCE_MAX)' }),
  rootNamespace: flag.string({ flag: 'root-namespace', env: 'PILOT_ROOT_NAMESPACE', default: 'istio-system', description: 'mesh rootNamespace: its selector-less Sidecar is the mesh-wide default' }),
  traceSampling: flag.string({ flag: 'trace-sampling', env: 'PILOT_TRACE_SAMPLING', default: '1.0', description: 'percent (0-100) of new requests sidecars trace; Istio 1.2 chart default 1.0' }),
  localityLb: flag.boolean({ flag: 'enable-locality-lb', env: 'PILOT_ENABLE_LOCALITY_LOAD_BALANCING', description: 'locality failover (alpha in Istio 1.2): endpoints of clusters with outlierDetection get priorities by proximity to each proxy' }),
  domain: flag.string({ flag: 'domain', env: 'PILOT_DOMAIN', default: 'cluster.local', description: 'DNS domain suffix' }),
};

/** PILOT_TRACE_SAMPLING as Istio reads it: a percentage; anything outside 0..100 is a start-up error. */
export function traceSamplingPercent(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) throw new Error(`--trace-sampling must be a percentage 0..100, got "${raw}"`);
  return value;
}
