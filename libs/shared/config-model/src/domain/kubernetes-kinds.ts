import { Endpoints, NamespaceSpec, NodeSpec, Pod, ServiceSpec } from '@tsmesh/contracts/k8s/io/api/core/v1/core';
import type { Time } from '@tsmesh/contracts/k8s/io/apimachinery/pkg/apis/meta/v1/meta';
import type { IntOrString } from '@tsmesh/contracts/k8s/io/apimachinery/pkg/util/intstr/intstr';
import { ConfigError } from '@tsmesh/shared-errors';
import { isObject, type JsonObject } from '../validation/schema/access';

/**
 * Kubernetes kinds as Istio 1.2 galley puts them in MCP bodies (galley/pkg/metadata, checked
 * against galley/testdata/conversion: `type.googleapis.com/k8s.io.api.core.v1.ServiceSpec`…).
 * The messages are wire-compatible subsets of Kubernetes' own protos (proto/k8s).
 *
 * Body mapping, from galley's McpResource body (the object minus metadata) to the message:
 *   Service    `{spec}`           → ServiceSpec   = body.spec
 *   Namespace  `{spec}`           → NamespaceSpec = body.spec
 *   Node       `{spec, status}`   → NodeSpec      = body.spec (status is not sent, as upstream)
 *   Endpoints  `{subsets}`        → Endpoints     = {metadata, subsets}
 *   Pod        `{spec, status}`   → Pod           = {metadata, spec, status}
 * Endpoints and Pod carry the whole object upstream, so their metadata is filled from the
 * optional `metadata` argument (Kubernetes JSON, e.g. built from the MCP metadata).
 *
 * Not yet part of TYPED_KINDS: MCP still sends these kinds as Struct until pilot's registry
 * reads typed bodies (see `kubernetesBodyFromSpec` for the way back to the JSON shape).
 */
export const KUBERNETES_TYPED_KINDS = {
  Service: { typeUrl: 'type.googleapis.com/k8s.io.api.core.v1.ServiceSpec', codec: ServiceSpec },
  Endpoints: { typeUrl: 'type.googleapis.com/k8s.io.api.core.v1.Endpoints', codec: Endpoints },
  Pod: { typeUrl: 'type.googleapis.com/k8s.io.api.core.v1.Pod', codec: Pod },
  Namespace: { typeUrl: 'type.googleapis.com/k8s.io.api.core.v1.NamespaceSpec', codec: NamespaceSpec },
  Node: { typeUrl: 'type.googleapis.com/k8s.io.api.core.v1.NodeSpec', codec: NodeSpec },
} as const;

export type KubernetesKind = keyof typeof KUBERNETES_TYPED_KINDS;
export type KubernetesSpecOf<K extends KubernetesKind> = ReturnType<(typeof KUBERNETES_TYPED_KINDS)[K]['codec']['decode']>;

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

const codecOf = <K extends KubernetesKind>(kind: K) => KUBERNETES_TYPED_KINDS[kind].codec as unknown as Codec<KubernetesSpecOf<K>>;

export function isKubernetesTypedKind(kind: string): kind is KubernetesKind {
  return Object.prototype.hasOwnProperty.call(KUBERNETES_TYPED_KINDS, kind);
}

/** Galley's body for a Kubernetes kind (see the mapping above) as its typed message. */
export function kubernetesSpecFromBody<K extends KubernetesKind>(kind: K, body: JsonObject, metadata?: JsonObject): KubernetesSpecOf<K> {
  const source = `${kind} body`;
  let json: JsonObject;
  switch (kind) {
    case 'Service':
      json = serviceSpecJson(objectAt(body, 'spec', source), source);
      break;
    case 'Namespace':
    case 'Node':
      json = objectAt(body, 'spec', source);
      break;
    case 'Endpoints':
      json = { metadata: metadata && objectMetaJson(metadata, source), subsets: body['subsets'] };
      break;
    default:
      json = { metadata: metadata && objectMetaJson(metadata, source), spec: body['spec'], status: podStatusJson(body['status'], source) };
  }
  return codecOf(kind).fromJSON(json);
}

/**
 * The inverse: a typed message back in galley's body shape, with Kubernetes JSON conventions
 * (targetPort as number or name, times as RFC 3339). Metadata is dropped, as McpResource
 * keeps it in its own fields. Lets a reader of the JSON body accept typed MCP bodies unchanged.
 */
export function kubernetesBodyFromSpec<K extends KubernetesKind>(kind: K, message: KubernetesSpecOf<K>): JsonObject {
  const json = codecOf(kind).toJSON(message) as JsonObject;
  switch (kind) {
    case 'Service':
      return { spec: { ...json, ...mapList(json['ports'], (port) => ({ ...port, ...optional('targetPort', intOrStringToJson(port['targetPort'] as IntOrString | undefined)) }), 'ports') } };
    case 'Namespace':
    case 'Node':
      return { spec: json };
    case 'Endpoints':
      return { subsets: json['subsets'] ?? [] };
    default: {
      const status = isObject(json['status']) ? json['status'] : undefined;
      const conditions = mapList(status?.['conditions'], (c) => ({ ...c, ...timesToJson(c, ['lastProbeTime', 'lastTransitionTime']) }), 'conditions');
      return { ...optional('spec', json['spec']), ...optional('status', status && { ...status, ...conditions }) };
    }
  }
}

export function encodeKubernetesSpec<K extends KubernetesKind>(kind: K, message: KubernetesSpecOf<K>): Uint8Array {
  return codecOf(kind).encode(message).finish();
}

export function decodeKubernetesSpec<K extends KubernetesKind>(kind: K, bytes: Uint8Array): KubernetesSpecOf<K> {
  return codecOf(kind).decode(bytes);
}

function serviceSpecJson(spec: JsonObject, source: string): JsonObject {
  const ports = Array.isArray(spec['ports']) ? spec['ports'] : [];
  return {
    ...spec,
    ports: ports.map((port: unknown, i) =>
      isObject(port) ? { ...port, targetPort: intOrStringJson(port['targetPort'], { source, field: `spec.ports[${i}].targetPort` }) } : port,
    ),
  };
}

/** jsonpb for IntOrString: a number is intVal (type 0), a string strVal (type 1); Go reads `type`. */
function intOrStringJson(value: unknown, where: { source: string; field: string }): IntOrString | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return { type: '0', intVal: value };
  if (typeof value === 'string') return { type: '1', strVal: value };
  throw new ConfigError(`must be an integer or a string, got ${JSON.stringify(value)}`, where);
}

function intOrStringToJson(value: IntOrString | undefined): number | string | undefined {
  if (!value) return undefined;
  return value.type === '1' ? (value.strVal ?? '') : (value.intVal ?? 0);
}

function objectMetaJson(metadata: JsonObject, source: string): JsonObject {
  return { ...metadata, creationTimestamp: timeJson(metadata['creationTimestamp'], { source, field: 'metadata.creationTimestamp' }) };
}

function podStatusJson(status: unknown, source: string): unknown {
  if (!isObject(status) || !Array.isArray(status['conditions'])) return status;
  const conditions = status['conditions'].map((c: unknown, i) => {
    if (!isObject(c)) return c;
    const field = (name: string) => ({ source, field: `status.conditions[${i}].${name}` });
    return { ...c, lastProbeTime: timeJson(c['lastProbeTime'], field('lastProbeTime')), lastTransitionTime: timeJson(c['lastTransitionTime'], field('lastTransitionTime')) };
  });
  return { ...status, conditions };
}

/** metav1.Time: RFC 3339 in JSON (YAML may hand over a Date), seconds+nanos on the wire. */
function timeJson(value: unknown, where: { source: string; field: string }): Time | undefined {
  if (value === undefined || value === null) return undefined;
  const millis = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(millis)) throw new ConfigError(`must be an RFC 3339 time, got ${JSON.stringify(value)}`, where);
  const seconds = Math.floor(millis / 1000);
  return { seconds: String(seconds), nanos: (millis - seconds * 1000) * 1e6 };
}

function timesToJson(object: JsonObject, names: string[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names) {
    const time = object[name] as { seconds?: string; nanos?: number } | undefined;
    // Kubernetes serialises metav1.Time with second precision.
    if (time) out[name] = new Date(Number(time.seconds ?? 0) * 1000).toISOString().replace('.000Z', 'Z');
  }
  return out;
}

function objectAt(body: JsonObject, key: string, source: string): JsonObject {
  const value = body[key];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new ConfigError('must be an object', { source, field: key });
  return value;
}

function mapList(list: unknown, map: (item: JsonObject) => JsonObject, key: string): JsonObject {
  return Array.isArray(list) ? { [key]: list.map((item: unknown) => (isObject(item) ? map(item) : item)) } : {};
}

function optional(key: string, value: unknown): JsonObject {
  return value === undefined ? {} : { [key]: value };
}
