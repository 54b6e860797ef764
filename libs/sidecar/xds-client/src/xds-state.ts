import { XdsTypeUrl } from '@tsmesh/contracts';
import type { ClusterConfig } from './adapters/cluster.proto-adapter';
import type { LoadAssignment } from './adapters/endpoint.proto-adapter';
import type { ListenerResource, RouteResource } from './resource-types';

/** When and at which version a resource in the snapshot arrived, and its Envoy JSON. */
export interface ResourceMeta {
  readonly version: string;
  readonly lastUpdated: Date;
  readonly json: Readonly<Record<string, unknown>>;
}

/** One type's accepted resources at one version. */
export interface TypeSet<T> {
  readonly version: string;
  readonly items: ReadonlyMap<string, { readonly value: T; readonly meta: ResourceMeta }>;
}

/** Per type, the resources one configuration is made of; any may not have arrived yet. */
export interface XdsSets {
  readonly cds?: TypeSet<ClusterConfig>;
  readonly eds?: TypeSet<LoadAssignment>;
  readonly lds?: TypeSet<ListenerResource>;
  readonly rds?: TypeSet<RouteResource>;
}

/**
 * The configuration handed to the data plane. Replaced whole, never mutated, and always
 * consistent: every route and listener references clusters that are in it.
 */
export interface XdsSnapshot {
  readonly clusters: ReadonlyMap<string, ClusterConfig>;
  readonly loadAssignments: ReadonlyMap<string, LoadAssignment>;
  readonly listeners: ReadonlyMap<string, ListenerResource>;
  readonly routes: ReadonlyMap<string, RouteResource>;
  /** Version per type URL of the resources in this snapshot (types not yet received are absent). */
  readonly versions: Readonly<Record<string, string>>;
  /** Per type URL, per resource name: version, arrival time and JSON, for /config_dump. */
  readonly meta: Readonly<Record<string, ReadonlyMap<string, ResourceMeta>>>;
}

const values = <T>(set: TypeSet<T> | undefined): Map<string, T> => new Map([...(set?.items ?? new Map<string, { value: T }>())].map(([k, v]) => [k, v.value]));
const metas = <T>(set: TypeSet<T> | undefined): Map<string, ResourceMeta> => new Map([...(set?.items ?? new Map<string, { meta: ResourceMeta }>())].map(([k, v]) => [k, v.meta]));

export function snapshotOf(sets: XdsSets): XdsSnapshot {
  const versions: Record<string, string> = {};
  if (sets.cds) versions[XdsTypeUrl.Cluster] = sets.cds.version;
  if (sets.eds) versions[XdsTypeUrl.ClusterLoadAssignment] = sets.eds.version;
  if (sets.lds) versions[XdsTypeUrl.Listener] = sets.lds.version;
  if (sets.rds) versions[XdsTypeUrl.RouteConfiguration] = sets.rds.version;
  return {
    clusters: values(sets.cds),
    loadAssignments: values(sets.eds),
    listeners: values(sets.lds),
    routes: values(sets.rds),
    versions,
    meta: {
      [XdsTypeUrl.Cluster]: metas(sets.cds),
      [XdsTypeUrl.ClusterLoadAssignment]: metas(sets.eds),
      [XdsTypeUrl.Listener]: metas(sets.lds),
      [XdsTypeUrl.RouteConfiguration]: metas(sets.rds),
    },
  };
}

export const EMPTY_SNAPSHOT: XdsSnapshot = snapshotOf({});

/** The EDS names a set of clusters needs, sorted so requests are stable. */
export function edsNamesFor(clusters: ReadonlyMap<string, ClusterConfig>): string[] {
  return [...new Set([...clusters.values()].flatMap((c) => (c.edsServiceName ? [c.edsServiceName] : [])))].sort();
}

/** The RDS names a set of listeners needs, sorted. */
export function rdsNamesFor(listeners: ReadonlyMap<string, ListenerResource>): string[] {
  return [...new Set([...listeners.values()].flatMap((l) => l.routeConfigNames))].sort();
}

export interface XdsCounters {
  acks: number;
  nacks: number;
  lastNack?: { typeUrl: string; version: string; reason: string; at: string };
}
