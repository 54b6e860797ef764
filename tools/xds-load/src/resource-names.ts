import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Cluster_DiscoveryType } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { wireFields, wireMessages, wireString } from './wire';

// Field numbers of the Envoy v3 messages read here (envoy/config/.../*.proto).
const ANY = { typeUrl: 1, value: 2 };
const CLUSTER = { name: 1, type: 2, edsClusterConfig: 3 };
const EDS_CLUSTER_CONFIG = { serviceName: 2 };
const LISTENER = { filterChains: 3, apiListener: 19, defaultFilterChain: 25 };
const FILTER_CHAIN = { filters: 3 };
const FILTER = { typedConfig: 4 };
const API_LISTENER = { apiListener: 1 };
const HCM = { rds: 3 };
const RDS = { routeConfigName: 2 };

/** An encoded google.protobuf.Any, split into its type URL and value bytes. */
export interface RawAny {
  readonly typeUrl: string;
  readonly value: Uint8Array;
  /** The encoded Any's size, as it counts in a response (set by rawAny). */
  readonly size?: number;
}

export function rawAny(bytes: Uint8Array): RawAny {
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array(0);
  for (const f of wireFields(bytes)) {
    if (f.field === ANY.typeUrl) typeUrl = wireString(f.bytes);
    else if (f.field === ANY.value && f.bytes) value = f.bytes;
  }
  return { typeUrl, value, size: bytes.length };
}

/**
 * What Envoy subscribes to next after a CDS response: the EDS names of its EDS clusters
 * (`eds_cluster_config.service_name`, or the cluster name when that is empty).
 */
export function edsNamesOf(resources: readonly RawAny[]): string[] {
  const names = new Set<string>();
  for (const any of resources) {
    let name = '';
    let eds = false;
    let serviceName = '';
    for (const f of wireFields(any.value)) {
      if (f.field === CLUSTER.name) name = wireString(f.bytes);
      else if (f.field === CLUSTER.type && f.bytes === undefined) eds = f.varint === Cluster_DiscoveryType.EDS;
      else if (f.field === CLUSTER.edsClusterConfig && f.bytes) serviceName = wireString(wireMessages(f.bytes, EDS_CLUSTER_CONFIG.serviceName)[0]);
    }
    if (eds) names.add(serviceName || name);
  }
  return [...names].sort();
}

/**
 * What Envoy subscribes to next after an LDS response: the RDS route config names of every
 * http_connection_manager, in filter chains and in api_listeners (proxyless clients).
 */
export function routeNamesOf(resources: readonly RawAny[]): string[] {
  const names = new Set<string>();
  for (const any of resources) {
    const hcms: RawAny[] = [];
    for (const apiListener of wireMessages(any.value, LISTENER.apiListener)) hcms.push(...wireMessages(apiListener, API_LISTENER.apiListener).map(rawAny));
    const chains = [...wireMessages(any.value, LISTENER.filterChains), ...wireMessages(any.value, LISTENER.defaultFilterChain)];
    for (const chain of chains) {
      for (const filter of wireMessages(chain, FILTER_CHAIN.filters)) hcms.push(...wireMessages(filter, FILTER.typedConfig).map(rawAny));
    }
    for (const typed of hcms) {
      if (typed.typeUrl !== EnvoyTypeUrl.HttpConnectionManager) continue;
      for (const rds of wireMessages(typed.value, HCM.rds)) {
        const name = wireString(wireMessages(rds, RDS.routeConfigName)[0]);
        if (name) names.add(name);
      }
    }
  }
  return [...names].sort();
}

/** The name of a ClusterLoadAssignment (`cluster_name`) or RouteConfiguration (`name`): field 1 of both. */
export function namedResourceOf(any: RawAny): string {
  for (const f of wireFields(any.value)) if (f.field === 1) return wireString(f.bytes);
  return '';
}
