// Istio 1.2 MCP collection names (galley/pkg/metadata). A collection carries every
// resource of one kind; sinks subscribe by collection name.

export interface CollectionInfo {
  /** MCP collection name, e.g. `istio/networking/v1alpha3/virtualservices`. */
  readonly name: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly clusterScoped: boolean;
}

const define = (name: string, apiVersion: string, kind: string, clusterScoped = false): CollectionInfo => {
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  return Object.freeze({ name, group, version, kind, clusterScoped });
};

const NET = 'networking.istio.io/v1alpha3';
const AUTHN = 'authentication.istio.io/v1alpha1';
const RBAC = 'rbac.istio.io/v1alpha1';
const POLICY = 'config.istio.io/v1alpha2';

/** Mixer 1.2 per-adapter and per-template kinds, served as `istio/config/v1alpha2/legacy/<plural>`. */
const LEGACY_MIXER_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['apikey', 'apikeys'], ['authorization', 'authorizations'], ['bypass', 'bypasses'], ['checknothing', 'checknothings'],
  ['circonus', 'circonuses'], ['cloudwatch', 'cloudwatches'], ['denier', 'deniers'], ['dogstatsd', 'dogstatsds'],
  ['edge', 'edges'], ['fluentd', 'fluentds'], ['kubernetesenv', 'kubernetesenvs'], ['kubernetes', 'kuberneteses'],
  ['listchecker', 'listcheckers'], ['listentry', 'listentries'], ['logentry', 'logentries'], ['memquota', 'memquotas'],
  ['metric', 'metrics'], ['noop', 'noops'], ['opa', 'opas'], ['prometheus', 'prometheuses'], ['quota', 'quotas'],
  ['rbac', 'rbacs'], ['redisquota', 'redisquotas'], ['reportnothing', 'reportnothings'], ['signalfx', 'signalfxs'],
  ['solarwinds', 'solarwindses'], ['stackdriver', 'stackdrivers'], ['statsd', 'statsds'], ['stdio', 'stdios'],
  ['tracespan', 'tracespans'], ['zipkin', 'zipkins'],
];

export const COLLECTIONS: readonly CollectionInfo[] = Object.freeze([
  define('istio/networking/v1alpha3/virtualservices', NET, 'VirtualService'),
  define('istio/networking/v1alpha3/destinationrules', NET, 'DestinationRule'),
  define('istio/networking/v1alpha3/gateways', NET, 'Gateway'),
  define('istio/networking/v1alpha3/serviceentries', NET, 'ServiceEntry'),
  define('istio/networking/v1alpha3/sidecars', NET, 'Sidecar'),
  define('istio/networking/v1alpha3/envoyfilters', NET, 'EnvoyFilter'),
  define('istio/authentication/v1alpha1/policies', AUTHN, 'Policy'),
  define('istio/authentication/v1alpha1/meshpolicies', AUTHN, 'MeshPolicy', true),
  define('istio/rbac/v1alpha1/clusterrbacconfigs', RBAC, 'ClusterRbacConfig', true),
  define('istio/rbac/v1alpha1/rbacconfigs', RBAC, 'RbacConfig'),
  define('istio/rbac/v1alpha1/serviceroles', RBAC, 'ServiceRole'),
  define('istio/rbac/v1alpha1/servicerolebindings', RBAC, 'ServiceRoleBinding'),
  define('istio/policy/v1beta1/rules', POLICY, 'rule'),
  define('istio/policy/v1beta1/handlers', POLICY, 'handler'),
  define('istio/policy/v1beta1/instances', POLICY, 'instance'),
  define('istio/policy/v1beta1/attributemanifests', POLICY, 'attributemanifest'),
  define('istio/config/v1alpha2/adapters', POLICY, 'adapter'),
  define('istio/config/v1alpha2/templates', POLICY, 'template'),
  define('istio/mixer/v1/config/client/quotaspecs', POLICY, 'QuotaSpec'),
  define('istio/mixer/v1/config/client/quotaspecbindings', POLICY, 'QuotaSpecBinding'),
  define('istio/config/v1alpha2/httpapispecs', POLICY, 'HTTPAPISpec'),
  define('istio/config/v1alpha2/httpapispecbindings', POLICY, 'HTTPAPISpecBinding'),
  ...LEGACY_MIXER_KINDS.map(([kind, plural]) => define(`istio/config/v1alpha2/legacy/${plural}`, POLICY, kind)),
  define('k8s/core/v1/services', 'v1', 'Service'),
  define('k8s/core/v1/endpoints', 'v1', 'Endpoints'),
  define('k8s/core/v1/pods', 'v1', 'Pod'),
  define('k8s/core/v1/namespaces', 'v1', 'Namespace', true),
  define('k8s/core/v1/nodes', 'v1', 'Node', true),
  define('k8s/extensions/v1beta1/ingresses', 'extensions/v1beta1', 'Ingress'),
]);

const byName = new Map(COLLECTIONS.map((c) => [c.name, c]));
const byKind = new Map(COLLECTIONS.map((c) => [`${c.group}/${c.kind}`, c]));

export function collectionByName(name: string): CollectionInfo | undefined {
  return byName.get(name);
}

/** Finds the collection for a Kubernetes-style `apiVersion` + `kind`. */
export function collectionForKind(apiVersion: string, kind: string): CollectionInfo | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return byKind.get(`${group}/${kind}`);
}

/** Collections pilot consumes (Istio 1.2 pilot's MCP subscription). */
export const PILOT_COLLECTIONS: readonly string[] = [
  'istio/networking/v1alpha3/virtualservices',
  'istio/networking/v1alpha3/destinationrules',
  'istio/networking/v1alpha3/gateways',
  'istio/networking/v1alpha3/serviceentries',
  'istio/networking/v1alpha3/sidecars',
  'istio/networking/v1alpha3/envoyfilters',
  'istio/authentication/v1alpha1/policies',
  'istio/authentication/v1alpha1/meshpolicies',
  'istio/rbac/v1alpha1/clusterrbacconfigs',
  'istio/rbac/v1alpha1/rbacconfigs',
  'istio/rbac/v1alpha1/serviceroles',
  'istio/rbac/v1alpha1/servicerolebindings',
  'k8s/core/v1/services',
  'k8s/core/v1/endpoints',
  'k8s/core/v1/pods',
  'k8s/core/v1/nodes',
];
