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

export const CLUSTER_TYPE: ResourceType<ClusterConfig> = {
  typeUrl: XdsTypeUrl.Cluster,
  short: 'cds',
  decode(any) {
    checkType(any, XdsTypeUrl.Cluster);
    const proto = decodeBytes(any.typeUrl, () => Cluster.decode(any.value));
    const value = clusterFromProto(proto);
    return { name: value.name, value, json: withType(any.typeUrl, Cluster.toJSON(proto)) };
  },
};

export const ENDPOINT_TYPE: ResourceType<LoadAssignment> = {
  typeUrl: XdsTypeUrl.ClusterLoadAssignment,
  short: 'eds',
  decode(any) {
    checkType(any, XdsTypeUrl.ClusterLoadAssignment);
    const proto = decodeBytes(any.typeUrl, () => ClusterLoadAssignment.decode(any.value));
    const value = loadAssignmentFromProto(proto);
    return { name: value.clusterName, value, json: withType(any.typeUrl, ClusterLoadAssignment.toJSON(proto)) };
  },
};

export const LISTENER_TYPE: ResourceType<ListenerResource> = {
  typeUrl: XdsTypeUrl.Listener,
  short: 'lds',
  decode(any) {
    checkType(any, XdsTypeUrl.Listener);
    const proto = decodeBytes(any.typeUrl, () => Listener.decode(any.value));
    const refs = listenerReferences(proto);
    return { name: proto.name, value: { name: proto.name, proto, ...refs }, json: withType(any.typeUrl, Listener.toJSON(proto)) };
  },
};

export const ROUTE_TYPE: ResourceType<RouteResource> = {
  typeUrl: XdsTypeUrl.RouteConfiguration,
  short: 'rds',
  decode(any) {
    checkType(any, XdsTypeUrl.RouteConfiguration);
    const proto = decodeBytes(any.typeUrl, () => RouteConfiguration.decode(any.value));
    const clusterNames = routeClusters(proto);
    return { name: proto.name, value: { name: proto.name, proto, clusterNames }, json: withType(any.typeUrl, RouteConfiguration.toJSON(proto)) };
  },
};

/** In Envoy's ADS order: CDS, EDS, LDS, RDS. */
export const RESOURCE_TYPES: readonly ResourceType<unknown>[] = [CLUSTER_TYPE, ENDPOINT_TYPE, LISTENER_TYPE, ROUTE_TYPE];

export function resourceTypeOf(typeUrl: string): ResourceType<unknown> | undefined {
  return RESOURCE_TYPES.find((t) => t.typeUrl === typeUrl);
}
