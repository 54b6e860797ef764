import { flag } from '@tsmesh/shared-runtime';

export const pilotConfig = {
  grpcPort: flag.port({ flag: 'grpc-port', env: 'PILOT_GRPC_PORT', default: 15010, description: 'plaintext xDS (ADS) port (Istio 1.2: 15010)' }),
  httpPort: flag.port({ flag: 'http-port', env: 'PILOT_HTTP_PORT', default: 8080, description: 'debug endpoints /debug/adsz, /debug/syncz, /debug/configz, /debug/registryz' }),
  galleyAddress: flag.string({ flag: 'galley-address', env: 'PILOT_MCP_SERVER', default: '127.0.0.1:9901', description: 'galley MCP server host:port' }),
  debounceAfter: flag.duration({ flag: 'debounce-after', env: 'PILOT_DEBOUNCE_AFTER', default: '100ms', description: 'quiet time before a push (PILOT_DEBOUNCE_AFTER)' }),
  debounceMax: flag.duration({ flag: 'debounce-max', env: 'PILOT_DEBOUNCE_MAX', default: '10s', description: 'longest delay of a push during a burst (PILOT_DEBOUNCE_MAX)' }),
  domain: flag.string({ flag: 'domain', env: 'PILOT_DOMAIN', default: 'cluster.local', description: 'DNS domain suffix' }),
};
