import { flag } from '@tsmesh/shared-runtime';

export const galleyConfig = {
  grpcPort: flag.port({ flag: 'grpc-port', env: 'GALLEY_GRPC_PORT', default: 9901, description: 'MCP server port (Istio 1.2: 9901)' }),
  configDir: flag.string({ flag: 'config-dir', env: 'GALLEY_CONFIG_DIR', required: true, description: 'directory of Kubernetes-style YAML to watch (recursive)' }),
  debounce: flag.duration({ flag: 'debounce', env: 'GALLEY_DEBOUNCE', default: '100ms', description: 'quiet time after a file change before a new snapshot is published' }),
};
