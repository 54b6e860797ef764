import { flag } from '@tsmesh/shared-runtime';

export const galleyConfig = {
  grpcPort: flag.port({ flag: 'grpc-port', env: 'GALLEY_GRPC_PORT', default: 9901, description: 'MCP server port (Istio 1.2: 9901)' }),
  source: flag.oneOf(['fs', 'kube'] as const, { flag: 'source', env: 'GALLEY_SOURCE', default: 'fs', description: 'where config comes from: a watched directory (fs) or the Kubernetes API (kube)' }),
  configDir: flag.string({ flag: 'config-dir', env: 'GALLEY_CONFIG_DIR', default: '', description: 'directory of Kubernetes-style YAML to watch, recursively (required with --source fs)' }),
  kubeconfig: flag.string({ flag: 'kubeconfig', env: 'KUBECONFIG', default: '', description: 'kubeconfig file for --source kube' }),
  kubeServer: flag.string({ flag: 'kube-server', default: '', description: 'API server URL for --source kube without a kubeconfig' }),
  kubeTokenFile: flag.string({ flag: 'kube-token-file', default: '/var/run/secrets/kubernetes.io/serviceaccount/token', description: 'bearer token file used with --kube-server' }),
  debounce: flag.duration({ flag: 'debounce', env: 'GALLEY_DEBOUNCE', default: '100ms', description: 'quiet time after a change before a new snapshot is published' }),
  maxFileSize: flag.integer({ flag: 'max-file-size', default: 8 * 1024 * 1024, min: 1024, max: 1024 * 1024 * 1024, description: 'largest config file accepted, in bytes' }),
  validationPort: flag.port({ flag: 'validation-port', env: 'GALLEY_VALIDATION_PORT', default: 443, description: 'HTTPS port of the validating webhook (/admitpilot, /admitmixer)' }),
  tlsCertFile: flag.string({ flag: 'tls-cert-file', default: '', description: 'webhook serving certificate (PEM); with --tls-key-file' }),
  tlsKeyFile: flag.string({ flag: 'tls-key-file', default: '', description: 'webhook serving key (PEM)' }),
  certDir: flag.string({ flag: 'cert-dir', default: './.tsmesh/galley', description: 'where a development serving certificate and its ca.pem are kept when no TLS files are given' }),
};
