import type { ClusterConfig } from './adapters/cluster.proto-adapter';
import type { TypeSet, XdsSets } from './xds-state';
import { edsNamesFor } from './xds-state';

export interface Composition {
  /** The configuration to apply: the newest that is consistent. */
  readonly sets: XdsSets;
  /** What still holds back received config (empty when everything received is in `sets`). */
  readonly waiting: readonly string[];
}

const valuesOf = <T>(set: TypeSet<T> | undefined): Map<string, T> => new Map([...(set?.items ?? [])].map(([k, v]) => [k, v.value]));

/**
 * Envoy's warming rules as a pure function of what is applied and what was received:
 * a new cluster set switches in once every EDS cluster in it has its assignment (or the
 * warming timeout passed); route configs once the clusters they forward to are in; listeners
 * once their route configs and clusters are in. Anything not ready keeps its applied version,
 * and applied clusters still referenced by what stays are kept, so nothing dangles.
 */
export function compose(applied: XdsSets, received: XdsSets, clustersWarmingExpired: boolean): Composition {
  const waiting: string[] = [];
  const eds = received.eds ?? applied.eds;
  let cds = applied.cds;
  if (received.cds && received.cds !== applied.cds) {
    const have = new Set(eds?.items.keys() ?? []);
    const missing = edsNamesFor(valuesOf(received.cds)).filter((n) => !have.has(n));
    if (missing.length === 0 || clustersWarmingExpired) cds = received.cds;
    else waiting.push(`clusters ${received.cds.version} warming: no endpoints yet for ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (+${missing.length - 3})` : ''}`);
  }
  const clusterNames = new Set(cds?.items.keys() ?? []);
  let rds = applied.rds;
  if (received.rds && received.rds !== applied.rds) {
    const missing = [...received.rds.items.values()].flatMap((r) => r.value.clusterNames).filter((c) => !clusterNames.has(c));
    if (missing.length === 0) rds = received.rds;
    else waiting.push(`routes ${received.rds.version} wait for clusters ${[...new Set(missing)].slice(0, 3).join(', ')}`);
  }
  const routeNames = new Set(rds?.items.keys() ?? []);
  let lds = applied.lds;
  if (received.lds && received.lds !== applied.lds) {
    const missingRoutes = [...received.lds.items.values()].flatMap((l) => l.value.routeConfigNames).filter((r) => !routeNames.has(r));
    const missingClusters = [...received.lds.items.values()].flatMap((l) => l.value.clusterNames).filter((c) => !clusterNames.has(c));
    if (missingRoutes.length === 0 && missingClusters.length === 0) lds = received.lds;
    else waiting.push(`listeners ${received.lds.version} wait for ${[...new Set([...missingRoutes.map((r) => `route ${r}`), ...missingClusters.map((c) => `cluster ${c}`)])].slice(0, 3).join(', ')}`);
  }
  return { sets: { cds: keepReferenced(cds, applied.cds, rds, lds), eds, lds, rds }, waiting };
}

/** Adds back applied clusters that the chosen routes/listeners still forward to. */
function keepReferenced(cds: TypeSet<ClusterConfig> | undefined, old: TypeSet<ClusterConfig> | undefined, rds: XdsSets['rds'], lds: XdsSets['lds']): TypeSet<ClusterConfig> | undefined {
  if (!cds || !old || cds === old) return cds;
  const referenced = new Set([...(rds?.items.values() ?? [])].flatMap((r) => r.value.clusterNames).concat([...(lds?.items.values() ?? [])].flatMap((l) => l.value.clusterNames)));
  const keep = [...referenced].filter((n) => !cds.items.has(n) && old.items.has(n));
  if (keep.length === 0) return cds;
  const items = new Map(cds.items);
  for (const n of keep) {
    const item = old.items.get(n);
    if (item) items.set(n, item);
  }
  return { version: cds.version, items };
}
