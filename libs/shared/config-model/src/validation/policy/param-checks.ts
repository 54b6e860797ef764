import { checkExpression, STANDARD_ATTRIBUTE_VOCABULARY } from '@tsmesh/shared-attributes';
import { keyPath, type IssueSink } from '../issues';
import { field, isObject, type JsonObject } from '../schema/access';
import { checkShape, t } from '../schema/shape';
import { ADAPTER_PARAMS } from './adapter-params';
import { TEMPLATE_PARAMS, templateShape, type TemplateParams } from './template-params';

/**
 * Checks a handler's params against its compiled adapter, and an instance's params against its
 * template (shape, then every expression parsed and type-checked against Istio 1.2's standard
 * attribute vocabulary). `base` is where the params sit: `spec.params` or `spec`.
 */
export function checkAdapterParams(adapter: string, params: unknown, base: string, sink: IssueSink): void {
  const schema = ADAPTER_PARAMS[adapter];
  if (schema === undefined) return; // out-of-process or unknown adapters are Mixer's to judge
  const body = params === null || params === undefined ? {} : params;
  checkShape(body, t.message(() => schema.fields), base, sink);
  if (isObject(body)) schema.rules(body, base, sink);
}

export function checkTemplateParams(template: string, params: unknown, base: string, sink: IssueSink): void {
  const schema = TEMPLATE_PARAMS[template];
  if (schema === undefined) return;
  const body = params === null || params === undefined ? {} : params;
  checkShape(body, t.message(() => templateShape(schema)), base, sink);
  if (isObject(body)) checkTemplateExpressions(schema, body, base, sink);
}

/** Parses and type-checks every expression field of a template's params, with its path. */
export function checkTemplateExpressions(schema: TemplateParams, body: JsonObject, base: string, sink: IssueSink): void {
  for (const [name, f] of Object.entries(schema)) {
    const value = field(body, name);
    const path = keyPath(base, name);
    if (f.kind === 'expr' && typeof value === 'string') checkOne(value, path, sink);
    if (f.kind === 'exprMap' && isObject(value)) {
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string') checkOne(v, keyPath(path, k), sink);
    }
    if (f.kind === 'nested' && isObject(value)) checkTemplateExpressions(f.fields, value, path, sink);
  }
}

function checkOne(text: string, path: string, sink: IssueSink): void {
  const result = checkExpression(text, STANDARD_ATTRIBUTE_VOCABULARY);
  if (result.ok) return;
  for (const e of result.errors) sink.error(path, `${e.message} (in ${JSON.stringify(text)})`);
}
