import type { IssueSink, ResourceMeta } from './issues';
import type { JsonObject } from './schema/access';
import type { Fields } from './schema/shape';
import type { ValidationContext } from './validation-context';

/**
 * One Istio kind: its 1.2 message shape (unknown fields, JSON types) plus the semantic rules of
 * pilot/pkg/model/validation.go. `rules` sees the raw spec; wrong-typed values read as unset.
 * `context` carries what the rules check against beyond the resource (the attribute vocabulary).
 */
export interface KindValidator {
  fields: Fields;
  rules(spec: JsonObject, meta: ResourceMeta, sink: IssueSink, context: ValidationContext): void;
}
