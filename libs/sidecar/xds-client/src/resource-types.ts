import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type { Any } from '@tsmesh/contracts/google/protobuf/any';
import { BadRequestError } from '@tsmesh/shared-errors';
import { type ClusterConfig, clusterFromProto } from './adapters/cluster.proto-adapter';
import { type LoadAssignment, loadAssignmentFromProto } from './adapters/endpoint.proto-adapter';
import { listenerReferences, routeClusters } from './xds-references';

/** A decoded listener with what it references, so warming can tell when it may switch in. */
export interface ListenerResource {
  readonly name: string;
  readonly proto: Listener;
  readonly routeConfigNames: readonly string[];
  readonly clusterNames: readonly string[];
}

/** A decoded route configuration with the clusters its routes forward to. */
export interface RouteResource {
  readonly name: string;
  readonly proto: RouteConfiguration;
  readonly clusterNames: readonly string[];
}

/** One decoded resource: its domain value and its Envoy JSON (with `@type`) for /config_dump. */
export interface Decoded<T> {
  readonly name: string;
  readonly value: T;
  readonly json: Record<string, unknown>;
}

/** How the client decodes one xDS type. `decode` throws BadRequestError for anything it can't apply. */
export interface ResourceType<T> {
  readonly typeUrl: XdsTypeUrl;
  readonly short: 'cds' | 'eds' | 'lds' | 'rds';
  decode(any: Any): Decoded<T>;
}

function checkType(any: Any, typeUrl: string): void {
  if (any.typeUrl !== typeUrl) throw new BadRequestError(`expected ${typeUrl}, got ${any.typeUrl}`, { field: 'resources[].type_url' });
}

function decodeBytes<T>(typeUrl: string, decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    throw new BadRequestError(`cannot decode ${typeUrl}: ${err instanceof Error ? err.message : String(err)}`, { field: 'resources[].value' });
  }
}

const withType = (typeUrl: string, json: unknown): Record<string, unknown> => ({ '@type': typeUrl, ...(json as object) });

interface Codec<P> {
  decode(bytes: Uint8Array): P;
  toJSON(message: P): unknown;
}

/** One xDS type: check the type URL, decode, convert to the domain value, keep Envoy JSON for /config_dump. */
function resourceType<P, T>(typeUrl: ResourceType<T>['typeUrl'], short: ResourceType<T>['short'], codec: Codec<P>, toValue: (proto: P) => { name: string; value: T }): ResourceType<T> {
  return {
    typeUrl,
    short,
    decode(any) {
      checkType(any, typeUrl);
      const proto = decodeBytes(any.typeUrl, () => codec.decode(any.value));
      return { ...toValue(proto), json: withType(any.typeUrl, codec.toJSON(proto)) };
    },
  };
}

export const CLUSTER_TYPE = resourceType(XdsTypeUrl.Cluster, 'cds', Cluster, (proto) => {
  const value: ClusterConfig = clusterFromProto(proto);
  return { name: value.name, value };
});

export const ENDPOINT_TYPE = resourceType(XdsTypeUrl.ClusterLoadAssignment, 'eds', ClusterLoadAssignment, (proto) => {
  const value: LoadAssignment = loadAssignmentFromProto(proto);
  return { name: value.clusterName, value };
});

export const LISTENER_TYPE = resourceType(XdsTypeUrl.Listener, 'lds', Listener, (proto): { name: string; value: ListenerResource } => ({
  name: proto.name,
  value: { name: proto.name, proto, ...listenerReferences(proto) },
}));

export const ROUTE_TYPE = resourceType(XdsTypeUrl.RouteConfiguration, 'rds', RouteConfiguration, (proto): { name: string; value: RouteResource } => ({
  name: proto.name,
  value: { name: proto.name, proto, clusterNames: routeClusters(proto) },
}));

/** In Envoy's ADS order: CDS, EDS, LDS, RDS. */
export const RESOURCE_TYPES: readonly ResourceType<unknown>[] = [CLUSTER_TYPE, ENDPOINT_TYPE, LISTENER_TYPE, ROUTE_TYPE];

export function resourceTypeOf(typeUrl: string): ResourceType<unknown> | undefined {
  return RESOURCE_TYPES.find((t) => t.typeUrl === typeUrl);
}
