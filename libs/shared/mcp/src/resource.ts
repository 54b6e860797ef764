import { Any } from '@tsmesh/contracts/google/protobuf/any';
import { Struct } from '@tsmesh/contracts/google/protobuf/struct';
import type { Resource } from '@tsmesh/contracts/istio/mcp/v1alpha1/resource';
import {
  decodeKubernetesSpec,
  decodeSpec,
  encodeKubernetesSpec,
  encodeSpec,
  isKubernetesTypedKind,
  isTypedKind,
  KUBERNETES_TYPED_KINDS,
  kubernetesBodyFromSpec,
  kubernetesSpecFromBody,
  specFromJson,
  TYPED_KINDS,
  type TypedKind,
} from '@tsmesh/shared-config-model';
import { BadRequestError } from '@tsmesh/shared-errors';
import { collectionByName } from './collections';

/** Body type for resources whose typed proto is not wired yet: the spec as a protobuf Struct. */
export const STRUCT_TYPE_URL = 'type.googleapis.com/google.protobuf.Struct';

/** A config resource as both ends of MCP see it, protos converted away. */
export interface McpResource {
  /** `namespace/name`, or `name` for cluster-scoped kinds (MCP's convention). */
  readonly name: string;
  readonly version: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly createTime?: Date;
  /** The resource `spec` (or, for kinds without a spec such as Endpoints, the whole object minus metadata). */
  readonly body: Readonly<Record<string, unknown>>;
  /** Set on received resources: the MCP body's type URL (a typed message, or Struct). */
  readonly bodyType?: string;
}

/**
 * The wire form of a resource. Kinds with a typed proto travel as that message (what Istio 1.2
 * galley sends, e.g. `istio.networking.v1alpha3.VirtualService`); the rest (Kubernetes and
 * Mixer's per-adapter kinds) as a google.protobuf.Struct. The body must already be valid.
 */
export function encodeResource(resource: McpResource, collection: string): Resource {
  const kind = collectionByName(collection)?.kind ?? '';
  return {
    metadata: {
      name: resource.name,
      version: resource.version,
      labels: { ...resource.labels },
      annotations: { ...resource.annotations },
      createTime: resource.createTime,
    },
    body: encodeBody(kind, resource),
  };
}

function encodeBody(kind: string, resource: McpResource): Any {
  if (isTypedKind(kind)) return { typeUrl: TYPED_KINDS[kind].typeUrl, value: Buffer.from(encodeSpec(kind, specFromJson(kind, resource.body))) };
  if (isKubernetesTypedKind(kind)) {
    // Istio 1.2 puts object metadata inside the Endpoints and Pod bodies (they are whole objects).
    const { namespace, name } = splitResourceName(resource.name);
    const metadata = { name, namespace, labels: resource.labels, annotations: resource.annotations, ...(resource.createTime ? { creationTimestamp: resource.createTime.toISOString() } : {}) };
    const spec = kubernetesSpecFromBody(kind, resource.body as Record<string, unknown>, metadata);
    return { typeUrl: KUBERNETES_TYPED_KINDS[kind].typeUrl, value: Buffer.from(encodeKubernetesSpec(kind, spec)) };
  }
  return { typeUrl: STRUCT_TYPE_URL, value: Buffer.from(Struct.encode(Struct.wrap(resource.body)).finish()) };
}

/**
 * A received resource. A typed body decodes to its generated message (the kind's domain type,
 * see `SpecOf` in @tsmesh/shared-config-model); a Struct body to plain JSON. `bodyType` says which.
 */
export function decodeResource(resource: Resource, collection: string): McpResource {
  const meta = resource.metadata;
  if (!meta || meta.name === '') {
    throw new BadRequestError('resource without metadata.name', { source: collection, field: 'metadata.name' });
  }
  const body: Any | undefined = resource.body;
  const kind = collectionByName(collection)?.kind ?? '';
  const typed = isTypedKind(kind) ? TYPED_KINDS[kind] : undefined;
  let decoded: Readonly<Record<string, unknown>>;
  if (body && typed && body.typeUrl === typed.typeUrl) {
    decoded = decodeSpec(kind as TypedKind, body.value) as unknown as Readonly<Record<string, unknown>>;
  } else if (body && isKubernetesTypedKind(kind) && body.typeUrl === KUBERNETES_TYPED_KINDS[kind].typeUrl) {
    // Kubernetes messages are read back into the JSON shape of the object (minus metadata).
    decoded = kubernetesBodyFromSpec(kind, decodeKubernetesSpec(kind, body.value));
  } else if (body?.typeUrl === STRUCT_TYPE_URL) {
    decoded = Struct.unwrap(Struct.decode(body.value));
  } else {
    throw new BadRequestError(`unsupported body type ${body?.typeUrl ?? '(none)'}`, { source: `${collection} ${meta.name}`, field: 'body' });
  }
  return {
    name: meta.name,
    version: meta.version,
    labels: meta.labels,
    annotations: meta.annotations,
    createTime: meta.createTime,
    body: decoded,
    bodyType: body.typeUrl,
  };
}

/** Splits `ns/name` into its parts; cluster-scoped names have an empty namespace. */
export function splitResourceName(name: string): { namespace: string; name: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { namespace: '', name } : { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
}
