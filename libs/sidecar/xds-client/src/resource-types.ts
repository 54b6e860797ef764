import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import type { Any } from '@tsmesh/contracts/google/protobuf/any';
import { BadRequestError } from '@tsmesh/shared-errors';
import { type ClusterConfig, clusterFromProto } from './adapters/cluster.proto-adapter';
import { type LoadAssignment, loadAssignmentFromProto } from './adapters/endpoint.proto-adapter';

/** How the client decodes one xDS type. `decode` throws BadRequestError for anything it can't apply. */
export interface ResourceType<T> {
  readonly typeUrl: string;
  readonly short: string;
  decode(any: Any): { name: string; value: T };
}

function checkType(any: Any, typeUrl: string): void {
  if (any.typeUrl !== typeUrl) throw new BadRequestError(`expected ${typeUrl}, got ${any.typeUrl}`, { field: 'resources[].type_url' });
}

export const CLUSTER_TYPE: ResourceType<ClusterConfig> = {
  typeUrl: XdsTypeUrl.Cluster,
  short: 'cds',
  decode(any) {
    checkType(any, XdsTypeUrl.Cluster);
    const value = clusterFromProto(Cluster.decode(any.value));
    return { name: value.name, value };
  },
};

export const ENDPOINT_TYPE: ResourceType<LoadAssignment> = {
  typeUrl: XdsTypeUrl.ClusterLoadAssignment,
  short: 'eds',
  decode(any) {
    checkType(any, XdsTypeUrl.ClusterLoadAssignment);
    const value = loadAssignmentFromProto(ClusterLoadAssignment.decode(any.value));
    return { name: value.clusterName, value };
  },
};
