import type { KindValidator } from '../kind-validator';
import { ADAPTER_PARAMS } from './adapter-params';
import { checkTemplateExpressions } from './param-checks';
import { TEMPLATE_PARAMS, templateShape } from './template-params';

/**
 * Istio 1.2's per-adapter handler kinds (`kind: prometheus`) and per-template instance kinds
 * (`kind: metric`), galley's `istio/config/v1alpha2/legacy/<plural>`: the spec is the params.
 */
function build(): Record<string, KindValidator> {
  const out: Record<string, KindValidator> = {};
  for (const [adapter, schema] of Object.entries(ADAPTER_PARAMS)) {
    out[adapter] = { fields: schema.fields, rules: (spec, _meta, sink) => schema.rules(spec, 'spec', sink) };
  }
  for (const [template, schema] of Object.entries(TEMPLATE_PARAMS)) {
    out[template] = { fields: templateShape(schema), rules: (spec, _meta, sink, context) => checkTemplateExpressions(schema, spec, 'spec', sink, context) };
  }
  return out;
}

export const legacyMixerValidators: Readonly<Record<string, KindValidator>> = Object.freeze(build());
