import { IssueSink, type ResourceMeta, type ValidationIssue } from './issues';
import { isObject } from './schema/access';
import { checkShape, t } from './schema/shape';
import { isKnownKind, validatorsByKind } from './registry';
import { STANDARD_VALIDATION_CONTEXT, type ValidationContext } from './validation-context';

/**
 * Validates one resource's `spec` the way Istio 1.2's galley webhook would, returning every
 * problem found (never throwing). A kind without a validator yields a single error so callers
 * cannot mistake "not checked" for "valid". Mixer expressions type-check against
 * `context.vocabulary` (Istio 1.2's standard attributes unless the caller adds its manifests).
 */
export function validateSpec(kind: string, spec: unknown, meta: ResourceMeta, context: ValidationContext = STANDARD_VALIDATION_CONTEXT): ValidationIssue[] {
  const sink = new IssueSink();
  const validator = isKnownKind(kind) ? validatorsByKind[kind] : undefined;
  if (validator === undefined) {
    sink.error('kind', `no validator for kind "${kind}"`);
    return sink.issues;
  }
  // An empty `spec:` in YAML is null; Istio decodes it as an empty message.
  const body = spec === null || spec === undefined ? {} : spec;
  if (!isObject(body)) {
    sink.error('spec', 'spec must be an object');
    return sink.issues;
  }
  checkShape(body, t.message(() => validator.fields), 'spec', sink);
  validator.rules(body, meta, sink, context);
  return sink.issues;
}

export const hasErrors = (issues: ValidationIssue[]): boolean => issues.some((i) => i.severity === 'error');
