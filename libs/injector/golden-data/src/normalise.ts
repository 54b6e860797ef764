import { isPlainObject } from '@tsmesh/injector-injection';

// What legitimately differs between our output and Istio's goldens, and nothing else:
//  1. the version hash inside sidecar.istio.io/status: it hashes the template text, and Istio's
//     own tests blank it before comparing (stripVersion in inject_test.go);
//  2. zero values Go's typed structs print and we do not invent: `creationTimestamp: null`,
//     empty `resources`/`strategy`/`updateStrategy`/`metadata` maps (after the other zero values
//     are gone, e.g. a template's `metadata: {creationTimestamp: null}`), and the server-owned
//     top-level `status` of a workload (e.g. `status: {replicas: 0}`).
// Everything else, including list order and value types ("15020" vs 15020), must match.

const STATUS_ANNOTATION = 'sidecar.istio.io/status';
const EMPTY_WHEN_ZERO = new Set(['resources', 'strategy', 'updateStrategy', 'metadata']);

function blankStatusVersion(annotations: Record<string, unknown>): void {
  const status = annotations[STATUS_ANNOTATION];
  if (typeof status !== 'string') return;
  try {
    const parsed = JSON.parse(status) as Record<string, unknown>;
    annotations[STATUS_ANNOTATION] = JSON.stringify({ ...parsed, version: '' });
  } catch {
    // Not JSON: leave it, the comparison will show it.
  }
}

function walk(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'creationTimestamp' && child === null) continue;
    if (key === 'status' && depth === 0) continue;
    const normalised = walk(child, depth + 1);
    if (EMPTY_WHEN_ZERO.has(key) && isPlainObject(normalised) && Object.keys(normalised).length === 0) continue;
    out[key] = normalised;
  }
  if (isPlainObject(out['annotations'])) blankStatusVersion(out['annotations']);
  return out;
}

/** Normalises one Kubernetes object (or List) for comparison with an Istio golden. */
export function normaliseForGolden(object: unknown): unknown {
  if (isPlainObject(object) && object['kind'] === 'List' && Array.isArray(object['items'])) {
    return { ...(walk({ ...object, items: [] }, 0) as object), items: object['items'].map((item) => walk(item, 0)) };
  }
  return walk(object, 0);
}
