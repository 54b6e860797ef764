import { flag } from '@tsmesh/shared-runtime';

// Flags mirror what Istio 1.2's injected istio-proxy gets from pilot-agent's flags and the
// downward API (POD_NAME, POD_NAMESPACE, INSTANCE_IP, ISTIO_META_*).
export const sidecarConfig = {
  podName: flag.string({ flag: 'pod-name', env: 'POD_NAME', required: true, description: 'this pod\'s name' }),
  namespace: flag.string({ flag: 'namespace', env: 'POD_NAMESPACE', default: 'default', description: 'this pod\'s namespace' }),
  podIp: flag.string({ flag: 'pod-ip', env: 'INSTANCE_IP', required: true, description: 'this pod\'s IP; inbound listeners bind it' }),
  serviceAccount: flag.string({ flag: 'service-account', env: 'SERVICE_ACCOUNT', default: 'default', description: 'the pod\'s Kubernetes service account' }),
  labels: flag.list({ flag: 'labels', env: 'ISTIO_META_LABELS', default: [], description: 'workload labels as k=v,k=v' }),
  appHost: flag.string({ flag: 'app-host', env: 'TSMESH_APP_HOST', default: '127.0.0.1', description: 'where the application listens inside the pod' }),
  pilotAddress: flag.string({ flag: 'pilot-address', env: 'PILOT_ADDRESS', default: 'istio-pilot.istio-system:15010', description: 'pilot xDS host:port (--discoveryAddress)' }),
  citadelAddress: flag.string({ flag: 'citadel-address', env: 'CA_ADDR', default: 'istio-citadel.istio-system:8060', description: 'citadel host:port' }),
  citadelRootCert: flag.string({ flag: 'citadel-root-cert', env: 'CA_ROOT_CERT', required: true, description: 'PEM root certificate that citadel\'s serving certificate chains to' }),
  tokenFile: flag.string({ flag: 'token-file', env: 'TOKEN_FILE', default: '/var/run/secrets/kubernetes.io/serviceaccount/token', description: 'service-account token presented to citadel' }),
  certsDir: flag.string({ flag: 'certs-dir', env: 'CERTS_DIR', default: '/etc/certs', description: 'where cert-chain.pem, key.pem and root-cert.pem are kept' }),
  trustDomain: flag.string({ flag: 'trust-domain', env: 'TRUST_DOMAIN', default: 'cluster.local', description: 'SPIFFE trust domain' }),
  domain: flag.string({ flag: 'domain', env: 'DOMAIN_SUFFIX', default: 'cluster.local', description: 'DNS domain suffix' }),
  mixerAddress: flag.string({ flag: 'mixer-address', env: 'MIXER_ADDRESS', default: 'istio-telemetry.istio-system:9091', description: 'mixer host:port for reports' }),
};

// pilot-agent's and Envoy's own ports and lifecycle (istio-proxy args: --proxyAdminPort 15000,
// --statusPort 15020, Envoy's Prometheus listener :15090, TERMINATION_DRAIN_DURATION_SECONDS 5s,
// --parentShutdownDuration).
export const sidecarPortsConfig = {
  adminPort: flag.port({ flag: 'admin-port', env: 'PROXY_ADMIN_PORT', default: 15000, description: 'Envoy admin API port (/config_dump, /clusters, /stats, /ready, /quitquitquit); 0 picks a free port' }),
  adminAddress: flag.string({ flag: 'admin-address', env: 'PROXY_ADMIN_ADDRESS', default: '127.0.0.1', description: 'address the admin API binds: 127.0.0.1 as Envoy\'s bootstrap, or the pod IP' }),
  statusPort: flag.port({ flag: 'status-port', env: 'STATUS_PORT', default: 15020, description: 'pilot-agent status port (/healthz/ready); when equal to --monitoring-port the monitoring server serves it' }),
  statsPort: flag.port({ flag: 'stats-port', env: 'PROXY_STATS_PORT', default: 15090, description: 'Prometheus scrape port (/stats/prometheus)' }),
  listenAddress: flag.string({ flag: 'listen-address', env: 'PROXY_LISTEN_ADDRESS', default: '', description: 'address the listeners and the status/stats ports bind; empty = --pod-ip' }),
  drainDuration: flag.duration({ flag: 'drain-duration', env: 'TERMINATION_DRAIN_DURATION_SECONDS', default: '5s', description: 'after SIGTERM, how long in-flight requests may finish once listeners stop accepting' }),
  parentShutdownDuration: flag.duration({ flag: 'parent-shutdown-duration', default: '10s', description: 'upper bound for the whole sidecar shutdown (keep --drain-timeout at least this long)' }),
  maxConnections: flag.integer({ min: 1, flag: 'max-connections', env: 'TSMESH_MAX_CONNECTIONS', default: 16384, description: 'downstream connections across all listeners; more are closed at once (Envoy global_downstream_max_connections)' }),
  proxyType: flag.oneOf(['sidecar', 'router'], { flag: 'proxy-type', env: 'TSMESH_PROXY_TYPE', default: 'sidecar', description: "pilot-agent's proxy type: router runs an ingress/egress gateway (node id router~…)" }),
  interceptionMode: flag.oneOf(['REDIRECT', 'TPROXY', 'NONE'], { flag: 'interception-mode', env: 'ISTIO_META_INTERCEPTION_MODE', default: 'REDIRECT', description: 'node metadata INTERCEPTION_MODE' }),
  locality: flag.string({ flag: 'locality', env: 'ISTIO_LOCALITY', default: '', description: 'Envoy locality as region/zone/subzone' }),
};
