import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '@tsmesh/shared-errors';

/** How to reach the API server: a kubeconfig file, or a server URL with explicit credentials. */
export type KubeConnectionOptions =
  | { readonly kubeconfig: string; readonly context?: string }
  | {
      readonly server: string;
      readonly token?: string;
      /** PEM file of the CA that signed the API server certificate. */
      readonly caFile?: string;
      readonly insecureSkipTlsVerify?: boolean;
    };

/**
 * Resolves connection options into a client-node KubeConfig, so auth (tokens, client certs,
 * exec plugins, CA bundles) is handled exactly the way kubectl handles it.
 */
export function loadKubeConfig(options: KubeConnectionOptions): KubeConfig {
  const kc = new KubeConfig();
  if ('kubeconfig' in options) {
    try {
      kc.loadFromFile(options.kubeconfig);
    } catch (err) {
      throw new ConfigError(`cannot load kubeconfig: ${(err as Error).message}`, { field: '--kubeconfig', source: options.kubeconfig, cause: err });
    }
    if (options.context) kc.setCurrentContext(options.context);
    if (!kc.getCurrentCluster()) throw new ConfigError('kubeconfig has no current cluster', { field: '--kubeconfig', source: options.kubeconfig });
    return kc;
  }
  let url: URL;
  try {
    url = new URL(options.server);
  } catch {
    throw new ConfigError(`API server address ${options.server} is not a URL`, { field: '--kube-server' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`API server address ${options.server} must be http or https`, { field: '--kube-server' });
  }
  kc.loadFromClusterAndUser(
    { name: 'galley', server: options.server.replace(/\/+$/, ''),
      // client-node refuses plain http unless TLS verification is off; there is no TLS to verify then.
      skipTLSVerify: options.insecureSkipTlsVerify ?? url.protocol === 'http:', caFile: options.caFile },
    { name: 'galley', token: options.token },
  );
  return kc;
}

/** The API path listing every object of a collection across namespaces, e.g. `/api/v1/services`. */
export function collectionApiPath(collection: { name: string; group: string; version: string }): string {
  // Collection names end with the resource plural (`.../virtualservices`, `.../legacy/apikeys`).
  const plural = collection.name.slice(collection.name.lastIndexOf('/') + 1);
  return collection.group === '' ? `/api/${collection.version}/${plural}` : `/apis/${collection.group}/${collection.version}/${plural}`;
}
