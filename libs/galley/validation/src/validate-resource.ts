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

/** The last vocabulary built, keyed by the manifests' keys and content versions: peers rarely change. */
let cached: { key: string; context: ValidationContext } | undefined;

function contextFor(peers: readonly ParsedResource[]): ValidationContext {
  const manifests = peers.filter((p) => p.kind === 'attributemanifest');
  if (manifests.length === 0) return STANDARD_VALIDATION_CONTEXT;
  const key = manifests.map((m) => `${m.key}@${m.version}`).join('\n');
  if (cached?.key !== key) cached = { key, context: { vocabulary: mixerVocabulary(manifests.map((m) => ({ name: m.key, spec: m.body }))) } };
  return cached.context;
}
