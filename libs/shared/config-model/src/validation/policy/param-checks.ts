import { checkExpression } from '@tsmesh/shared-attributes';
import { keyPath, type IssueSink } from '../issues';
import { field, isObject, type JsonObject } from '../schema/access';
import { checkShape, t } from '../schema/shape';
import type { ValidationContext } from '../validation-context';
import { ADAPTER_PARAMS } from './adapter-params';
import { TEMPLATE_PARAMS, templateShape, type ExpressionType, type TemplateParams } from './template-params';

/**
 * Checks a handler's params against its compiled adapter, and an instance's params against its
 * template: the shape, then every expression parsed, type-checked against the context's attribute
 * vocabulary and its result matched to the template field's type, as Mixer's generated
 * InferType does. `base` is where the params sit: `spec.params` or `spec`.
 */
export function checkAdapterParams(adapter: string, params: unknown, base: string, sink: IssueSink): void {
  const schema = ADAPTER_PARAMS[adapter];
  if (schema === undefined) return; // out-of-process or unknown adapters are Mixer's to judge
  const body = params === null || params === undefined ? {} : params;
  checkShape(body, t.message(() => schema.fields), base, sink);
  if (isObject(body)) schema.rules(body, base, sink);
}

export function checkTemplateParams(template: string, params: unknown, base: string, sink: IssueSink, context: ValidationContext): void {
  const schema = TEMPLATE_PARAMS[template];
  if (schema === undefined) return;
  const body = params === null || params === undefined ? {} : params;
  checkShape(body, t.message(() => templateShape(schema)), base, sink);
  if (isObject(body)) checkTemplateExpressions(schema, body, base, sink, context);
}

/** Parses and type-checks every expression field of a template's params, with its path. */
export function checkTemplateExpressions(schema: TemplateParams, body: JsonObject, base: string, sink: IssueSink, context: ValidationContext): void {
  for (const [name, f] of Object.entries(schema)) {
    const value = field(body, name);
    const path = keyPath(base, name);
    // Mixer skips an empty expression (the field stays unset), so does this.
    if (f.kind === 'expr' && typeof value === 'string' && value !== '') checkOne(value, f.type, path, sink, context);
    if (f.kind === 'exprMap' && isObject(value)) {
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string') checkOne(v, f.type, keyPath(path, k), sink, context);
    }
    if (f.kind === 'nested' && isObject(value)) checkTemplateExpressions(f.fields, value, path, sink, context);
  }
}

function checkOne(text: string, expected: ExpressionType, path: string, sink: IssueSink, context: ValidationContext): void {
  const result = checkExpression(text, context.vocabulary);
  if (!result.ok) {
    for (const e of result.errors) sink.error(path, `${e.message} (in ${JSON.stringify(text)})`);
    return;
  }
  if (expected !== 'ANY' && result.type !== expected) {
    sink.error(path, `expression ${JSON.stringify(text)} has type ${result.type}, template field needs ${expected}`);
  }
}
