import type { ClusterConfig } from './adapters/cluster.proto-adapter';
import type { LoadAssignment } from './adapters/endpoint.proto-adapter';

/** The last good configuration the sidecar accepted. Replaced whole, never mutated. */
export interface XdsSnapshot {
  readonly clusters: ReadonlyMap<string, ClusterConfig>;
  readonly loadAssignments: ReadonlyMap<string, LoadAssignment>;
  /** Accepted version per type URL. */
  readonly versions: Readonly<Record<string, string>>;
}

export const EMPTY_SNAPSHOT: XdsSnapshot = { clusters: new Map(), loadAssignments: new Map(), versions: {} };

/** The EDS names a set of clusters needs, sorted so requests are stable. */
export function edsNamesFor(clusters: ReadonlyMap<string, ClusterConfig>): string[] {
  return [...clusters.values()].flatMap((c) => (c.edsServiceName ? [c.edsServiceName] : [])).sort();
}

export interface XdsCounters {
  acks: number;
  nacks: number;
  lastNack?: { typeUrl: string; version: string; reason: string; at: string };
}
