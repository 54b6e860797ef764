import { ConfigError } from '@tsmesh/shared-errors';

/** Mesh `localityLbSetting` (Istio 1.2, alpha): either weights by destination locality or failover regions. */
export interface LocalityLbSetting {
  readonly distribute?: readonly { readonly from: string; readonly to: Readonly<Record<string, number>> }[];
  readonly failover?: readonly { readonly from: string; readonly to: string }[];
}

type Fail = (field: string, reason: string) => never;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** jsonpb reads a field by its JSON name or its proto name. */
function fieldKey(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function entries(raw: Record<string, unknown>, allowed: readonly string[], path: string, fail: Fail): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(raw)) {
    const name = fieldKey(key);
    if (!allowed.includes(name)) fail(`${path}.${key}`, `unknown field (known: ${allowed.join(', ')})`);
    if (value !== null && value !== undefined) out.set(name, value);
  }
  return out;
}

function list(value: unknown, path: string, fail: Fail): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : fail(path, 'must be a list');
}

function text(value: unknown, path: string, fail: Fail): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : fail(path, 'must be a string');
}

/** Reads `localityLbSetting` (path `path`) and validates it as Istio 1.2's validateLocalityLbSetting does. */
export function parseLocalityLbSetting(raw: unknown, path: string, source: string): LocalityLbSetting {
  const fail: Fail = (field, reason) => {
    throw new ConfigError(reason, { field, source });
  };
  if (!isObject(raw)) return fail(path, 'must be a mapping with distribute or failover');
  const fields = entries(raw, ['distribute', 'failover'], path, fail);
  const rawDistribute = list(fields.get('distribute'), `${path}.distribute`, fail);
  const rawFailover = list(fields.get('failover'), `${path}.failover`, fail);
  if (rawDistribute.length > 0 && rawFailover.length > 0) fail(path, "can not simultaneously specify 'distribute' and 'failover'");
  const distribute = rawDistribute.map((item, i) => {
    const at = `${path}.distribute[${i}]`;
    if (!isObject(item)) return fail(at, 'must be a mapping with from and to');
    const f = entries(item, ['from', 'to'], at, fail);
    const to = f.get('to') ?? {};
    if (!isObject(to)) return fail(`${at}.to`, 'must be a mapping of locality to weight');
    const weights: Record<string, number> = {};
    for (const [locality, weight] of Object.entries(to)) {
      // `to` is map<string, uint32>; 0 is rejected like Istio does (weights are 1..100).
      if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) fail(`${at}.to["${locality}"]`, `locality weight must be an integer in range [1, 100], got ${JSON.stringify(weight)}`);
      weights[locality] = weight as number;
    }
    const total = Object.values(weights).reduce((s, w) => s + w, 0);
    if (total !== 100) fail(`${at}.to`, `total locality weight ${total} != 100`);
    checkLocalities(Object.keys(weights), `${at}.to`, fail);
    return { from: text(f.get('from'), `${at}.from`, fail), to: weights };
  });
  checkLocalities(distribute.map((d) => d.from), `${path}.distribute`, fail);
  const failover = rawFailover.map((item, i) => {
    const at = `${path}.failover[${i}]`;
    if (!isObject(item)) return fail(at, 'must be a mapping with from and to');
    const f = entries(item, ['from', 'to'], at, fail);
    const rule = { from: text(f.get('from'), `${at}.from`, fail), to: text(f.get('to'), `${at}.to`, fail) };
    if (rule.from === rule.to) fail(at, 'locality lb failover settings must specify different regions');
    if (rule.to.includes('*')) fail(`${at}.to`, "locality lb failover region should not contain '*' wildcard");
    return rule;
  });
  return { ...(distribute.length > 0 && { distribute }), ...(failover.length > 0 && { failover }) };
}

/**
 * Istio 1.2's validateLocalities: `region[/zone[/subzone]]` with at most one `*`, only at the end,
 * no empty part, and no pattern covering (or covered by) an earlier one.
 */
function checkLocalities(localities: readonly string[], path: string, fail: Fail): void {
  // region → zone → subzones; '*' at a level stands for "all of that level".
  const seen = new Map<string, Map<string, Set<string>>>();
  const overlap = (l: string) => fail(path, `locality ${l} overlap with previous specified ones`);
  for (const locality of localities) {
    const stars = locality.split('*').length - 1;
    if (stars > 1 || (stars === 1 && !locality.endsWith('*'))) fail(path, `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`);
    // Like Go's strings.SplitN(l, "/", 3): the subzone keeps any further slashes.
    const split = locality.split('/');
    const parts = split.length <= 3 ? split : [...split.slice(0, 2), split.slice(2).join('/')];
    if (parts.some((p) => p === '')) fail(path, `locality ${locality} must not contain empty region/zone/subzone info`);
    if (seen.has('*')) overlap(locality);
    const [region = '', zone, subZone] = parts;
    const zones = seen.get(region);
    if (zone === undefined) {
      if (zones) overlap(locality);
      seen.set(region, new Map([['*', new Set(['*'])]]));
      continue;
    }
    if (!zones) {
      seen.set(region, new Map([[zone, new Set([subZone ?? '*'])]]));
      continue;
    }
    if (zones.has('*')) overlap(locality);
    const subZones = zones.get(zone);
    if (subZone === undefined || !subZones) {
      if (subZones) overlap(locality);
      zones.set(zone, new Set([subZone ?? '*']));
      continue;
    }
    if (subZones.has('*') || subZones.has(subZone)) overlap(locality);
    subZones.add(subZone);
  }
}
