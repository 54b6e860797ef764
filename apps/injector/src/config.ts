import { flag } from '@tsmesh/shared-runtime';

// The injector's flags. Istio 1.2's sidecar-injector took --port, --tlsCertFile, --tlsKeyFile,
// --injectConfig and --meshConfig; they keep their meaning here, in kebab-case.
export const injectorConfig = {
  port: flag.port({ flag: 'port', env: 'INJECTOR_PORT', default: 443, description: 'HTTPS port of the /inject webhook (0 = any free port)' }),
  tlsCertFile: flag.string({ flag: 'tls-cert-file', env: 'INJECTOR_TLS_CERT_FILE', description: 'PEM serving certificate; without it a development certificate is made in --cert-dir' }),
  tlsKeyFile: flag.string({ flag: 'tls-key-file', env: 'INJECTOR_TLS_KEY_FILE', description: 'PEM private key of --tls-cert-file' }),
  certDir: flag.string({
    flag: 'cert-dir',
    env: 'INJECTOR_CERT_DIR',
    default: './.tsmesh/injector',
    description: 'where the development CA and serving certificate go (ca.pem, cert.pem, key.pem); callers trust ca.pem',
  }),
  injectConfig: flag.string({
    flag: 'inject-config',
    env: 'INJECTOR_INJECT_CONFIG',
    description: 'YAML injection parameters shaped like Istio Helm values (global.hub, global.proxy.*, policy); default: Istio 1.2 chart defaults',
  }),
  meshConfig: flag.string({ flag: 'mesh-config', env: 'INJECTOR_MESH_CONFIG', description: 'YAML MeshConfig (the `mesh` key of the istio ConfigMap); default: Istio 1.2 install defaults' }),
  namespacesFile: flag.string({
    flag: 'namespaces-file',
    env: 'INJECTOR_NAMESPACES_FILE',
    description: 'YAML Namespace objects; when set, only namespaces labelled istio-injection=enabled are injected (in a cluster the API server does this)',
  }),
  maxRequestBytes: flag.integer({ flag: 'max-request-bytes', default: 1024 * 1024, min: 1024, max: 64 * 1024 * 1024, description: 'largest AdmissionReview body accepted (413 above)' }),
};
