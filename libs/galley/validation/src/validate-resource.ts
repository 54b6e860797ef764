import type { ConfigProblem, ParsedResource } from '@tsmesh/galley-source';
import { isKnownKind, mixerVocabulary, STANDARD_VALIDATION_CONTEXT, validateSpec, type ValidationContext } from '@tsmesh/shared-config-model';
import { collectionByName } from '@tsmesh/shared-mcp';

/** Groups whose kinds galley validates field by field (Kubernetes core kinds pass through). */
const ISTIO_GROUP = /\.istio\.io$/;

/**
 * Istio 1.2 validation of one resource: the per-kind field rules for networking, security and
 * Mixer kinds, with Mixer expressions (rule matches, instance params) type-checked against the
 * attribute vocabulary. `peers` is the configuration the resource is applied with: the
 * attributemanifests among them extend Istio's standard vocabulary. Every problem carries the
 * file, line, resource and field path.
 */
export function validateResource(r: ParsedResource, peers: readonly ParsedResource[] = []): ConfigProblem[] {
  const group = collectionByName(r.collection)?.group ?? '';
  if (!ISTIO_GROUP.test(group) || !isKnownKind(r.kind)) return [];
  const where = { file: r.file, line: r.line, resource: `${r.kind} ${r.key}` };
  return validateSpec(r.kind, r.body, { namespace: r.namespace || undefined, name: r.name }, contextFor(peers)).map((issue) => ({
    ...where,
    field: issue.path,
    reason: issue.message,
    ...(issue.severity === 'warning' && { severity: 'warning' as const }),
  }));
}

/** The last vocabulary built, keyed by the manifests' keys and content versions: they rarely change. */
let cached: { key: string; context: ValidationContext } | undefined;
/** A source validates a whole scan against one peers array: look it over once, not per resource. */
const byPeers = new WeakMap<readonly ParsedResource[], ValidationContext>();

function contextFor(peers: readonly ParsedResource[]): ValidationContext {
  const known = byPeers.get(peers);
  if (known !== undefined) return known;
  const manifests = peers.filter((p) => p.kind === 'attributemanifest');
  const key = manifests.map((m) => `${m.key}@${m.version}`).join('\n');
  if (manifests.length === 0) cached = { key, context: STANDARD_VALIDATION_CONTEXT };
  else if (cached?.key !== key) cached = { key, context: { vocabulary: mixerVocabulary(manifests.map((m) => ({ name: m.key, spec: m.body }))) } };
  byPeers.set(peers, cached.context);
  return cached.context;
}
