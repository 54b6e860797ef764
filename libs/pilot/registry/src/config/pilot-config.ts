import { specFromJson, type SpecOf, type TypedKind } from '@tsmesh/shared-config-model';
import { splitResourceName, STRUCT_TYPE_URL, type McpResource } from '@tsmesh/shared-mcp';

/** One Istio config resource as pilot's generators see it: metadata plus its typed spec. */
export interface ConfigEntry<T> {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly createTime?: Date;
  /** MCP resource version; changes whenever the resource does. */
  readonly version: string;
  readonly spec: T;
}

export type ConfigState = ReadonlyMap<string, readonly McpResource[]>;

const COLLECTION_OF = {
  VirtualService: 'istio/networking/v1alpha3/virtualservices',
  DestinationRule: 'istio/networking/v1alpha3/destinationrules',
  Gateway: 'istio/networking/v1alpha3/gateways',
  ServiceEntry: 'istio/networking/v1alpha3/serviceentries',
  Sidecar: 'istio/networking/v1alpha3/sidecars',
  EnvoyFilter: 'istio/networking/v1alpha3/envoyfilters',
  Policy: 'istio/authentication/v1alpha1/policies',
  MeshPolicy: 'istio/authentication/v1alpha1/meshpolicies',
  ServiceRole: 'istio/rbac/v1alpha1/serviceroles',
  ServiceRoleBinding: 'istio/rbac/v1alpha1/servicerolebindings',
  RbacConfig: 'istio/rbac/v1alpha1/rbacconfigs',
  ClusterRbacConfig: 'istio/rbac/v1alpha1/clusterrbacconfigs',
} as const satisfies Partial<Record<TypedKind, string>>;

export type PilotKind = keyof typeof COLLECTION_OF;

/**
 * The edge where pilot turns MCP resources into typed config. Typed MCP bodies are used as
 * they are; Struct bodies (older sources) are read with jsonpb semantics. Entries are sorted
 * by creation time, then namespace/name, which is the precedence order Istio 1.2 applies
 * when several resources claim the same host.
 */
export class PilotConfig {
  readonly #state: ConfigState;
  readonly #cache = new Map<PilotKind, readonly ConfigEntry<unknown>[]>();

  constructor(state: ConfigState) {
    this.#state = state;
  }

  static collectionOf(kind: PilotKind): string {
    return COLLECTION_OF[kind];
  }

  list<K extends PilotKind>(kind: K): readonly ConfigEntry<SpecOf<K>>[] {
    let entries = this.#cache.get(kind);
    if (!entries) {
      entries = (this.#state.get(COLLECTION_OF[kind]) ?? []).map((r) => toEntry(kind, r)).sort(byPrecedence);
      this.#cache.set(kind, entries);
    }
    return entries as readonly ConfigEntry<SpecOf<K>>[];
  }

  virtualServices() { return this.list('VirtualService'); }
  destinationRules() { return this.list('DestinationRule'); }
  gateways() { return this.list('Gateway'); }
  serviceEntries() { return this.list('ServiceEntry'); }
  sidecars() { return this.list('Sidecar'); }
  envoyFilters() { return this.list('EnvoyFilter'); }

  /** The raw MCP resources of any collection (Kubernetes kinds are read by the registry). */
  raw(collection: string): readonly McpResource[] {
    return this.#state.get(collection) ?? [];
  }
}

function toEntry<K extends PilotKind>(kind: K, resource: McpResource): ConfigEntry<SpecOf<K>> {
  const { namespace, name } = splitResourceName(resource.name);
  const spec = resource.bodyType === undefined || resource.bodyType === STRUCT_TYPE_URL
    ? specFromJson(kind, resource.body as Record<string, unknown>)
    : (resource.body as SpecOf<K>);
  return { name, namespace, labels: resource.labels, annotations: resource.annotations, createTime: resource.createTime, version: resource.version, spec };
}

function byPrecedence(a: ConfigEntry<unknown>, b: ConfigEntry<unknown>): number {
  const ta = a.createTime?.getTime() ?? 0;
  const tb = b.createTime?.getTime() ?? 0;
  if (ta !== tb) return ta - tb;
  return a.namespace === b.namespace ? a.name.localeCompare(b.name) : a.namespace.localeCompare(b.namespace);
}
