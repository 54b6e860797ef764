import type { ConfigProblem, ParsedResource } from '@tsmesh/galley-source';
import { checkMatchExpression, STANDARD_ATTRIBUTE_VOCABULARY } from '@tsmesh/shared-attributes';
import { isKnownKind, validateSpec } from '@tsmesh/shared-config-model';
import { collectionByName } from '@tsmesh/shared-mcp';

/** Groups whose kinds galley validates field by field (Kubernetes core kinds pass through). */
const ISTIO_GROUP = /\.istio\.io$/;

/**
 * Istio 1.2 validation of one resource: the per-kind field rules for networking, security and
 * Mixer client kinds, and a type-checked `match` for Mixer rules. Every problem carries the
 * file, line, resource and field path.
 */
export function validateResource(r: ParsedResource): ConfigProblem[] {
  const group = collectionByName(r.collection)?.group ?? '';
  const where = { file: r.file, line: r.line, resource: `${r.kind} ${r.key}` };
  if (!ISTIO_GROUP.test(group) || !isKnownKind(r.kind)) return [];
  const matchProblems = r.kind === 'rule' ? validateRuleMatch(r, where) : [];
  return [...matchProblems, ...validateSpec(r.kind, r.body, { namespace: r.namespace || undefined, name: r.name }).map((issue) => ({
    ...where,
    field: issue.path,
    reason: issue.message,
    ...(issue.severity === 'warning' && { severity: 'warning' as const }),
  }))];
}

function validateRuleMatch(r: ParsedResource, where: Pick<ConfigProblem, 'file' | 'line' | 'resource'>): ConfigProblem[] {
  const match = r.body['match'];
  if (match === undefined) return [];
  if (typeof match !== 'string') return [{ ...where, field: 'spec.match', reason: 'must be a string expression' }];
  const checked = checkMatchExpression(match, STANDARD_ATTRIBUTE_VOCABULARY);
  return checked.ok ? [] : checked.errors.map((e) => ({ ...where, field: 'spec.match', reason: `column ${e.column}: ${e.message}` }));
}
