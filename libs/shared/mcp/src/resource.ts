import { Any } from '@tsmesh/contracts/google/protobuf/any';
import { Struct } from '@tsmesh/contracts/google/protobuf/struct';
import type { Resource } from '@tsmesh/contracts/istio/mcp/v1alpha1/resource';
import { BadRequestError } from '@tsmesh/shared-errors';

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
}

export function encodeResource(resource: McpResource): Resource {
  return {
    metadata: {
      name: resource.name,
      version: resource.version,
      labels: { ...resource.labels },
      annotations: { ...resource.annotations },
      createTime: resource.createTime,
    },
    body: { typeUrl: STRUCT_TYPE_URL, value: Buffer.from(Struct.encode(Struct.wrap(resource.body)).finish()) },
  };
}

export function decodeResource(resource: Resource, collection: string): McpResource {
  const meta = resource.metadata;
  if (!meta || meta.name === '') {
    throw new BadRequestError('resource without metadata.name', { source: collection, field: 'metadata.name' });
  }
  const body: Any | undefined = resource.body;
  if (!body || body.typeUrl !== STRUCT_TYPE_URL) {
    throw new BadRequestError(`unsupported body type ${body?.typeUrl ?? '(none)'}`, { source: `${collection} ${meta.name}`, field: 'body' });
  }
  return {
    name: meta.name,
    version: meta.version,
    labels: meta.labels,
    annotations: meta.annotations,
    createTime: meta.createTime,
    body: Struct.unwrap(Struct.decode(body.value)),
  };
}

/** Splits `ns/name` into its parts; cluster-scoped names have an empty namespace. */
export function splitResourceName(name: string): { namespace: string; name: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { namespace: '', name } : { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
}
