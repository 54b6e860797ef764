import { checkMatchExpression } from '@tsmesh/shared-attributes';
import type { KindValidator } from '../kind-validator';
import { field, list, str } from '../schema/access';
import { t } from '../schema/shape';
import { checkActionReference } from './action-references';
import { checkAdapterParams, checkTemplateParams } from './param-checks';

// Mixer's own config kinds (config.istio.io/v1alpha2, messages of istio/api 1.2.10
// policy/v1beta1/cfg.proto): the shapes and the structural rules of Mixer's runtime validation.
// Rule `match` and instance expressions type-check against the context's attribute vocabulary.

const VALUE_TYPES = ['VALUE_TYPE_UNSPECIFIED', 'STRING', 'INT64', 'DOUBLE', 'BOOL', 'TIMESTAMP', 'IP_ADDRESS', 'EMAIL_ADDRESS', 'URI', 'DNS_NAME', 'DURATION', 'STRING_MAP'];

const action = t.message(() => ({ handler: t.string, instances: t.strings, name: t.string }));
const headerOperation = t.message(() => ({ name: t.string, values: t.strings, operation: t.enumOf(['REPLACE', 'REMOVE', 'APPEND']) }));
const fractionalPercent = t.message(() => ({ numerator: t.uint, denominator: t.enumOf(['HUNDRED', 'TEN_THOUSAND', 'MILLION']) }));
const sampling = t.message(() => ({
  random: t.message(() => ({ attributeExpression: t.string, percentSampled: fractionalPercent, useIndependentRandomness: t.bool })),
  rateLimit: t.message(() => ({ samplingDuration: t.duration, maxUnsampledEntries: t.int, samplingRate: t.int })),
}));

export const ruleValidator: KindValidator = {
  fields: { match: t.string, actions: t.list(action), requestHeaderOperations: t.list(headerOperation), responseHeaderOperations: t.list(headerOperation), sampling },
  rules: (spec, _meta, sink, context) => {
    const match = field(spec, 'match');
    if (typeof match === 'string') {
      const checked = checkMatchExpression(match, context.vocabulary);
      if (!checked.ok) for (const e of checked.errors) sink.error('spec.match', `column ${e.column}: ${e.message}`);
    }
    list(spec, 'actions').forEach((a, i) => {
      const handler = str(a, 'handler');
      if (!handler) sink.error(`spec.actions[${i}].handler`, 'an action needs a handler');
      else checkActionReference(handler, `spec.actions[${i}].handler`, sink);
      if (list(a, 'instances').length === 0) sink.error(`spec.actions[${i}].instances`, 'an action needs at least one instance');
      list(a, 'instances').forEach((inst, j) => {
        if (typeof inst === 'string') checkActionReference(inst, `spec.actions[${i}].instances[${j}]`, sink);
      });
    });
  },
};

export const handlerValidator: KindValidator = {
  fields: { name: t.string, adapter: t.string, compiledAdapter: t.string, params: t.any, connection: t.message(() => ({ address: t.string, timeout: t.duration, authentication: t.any })) },
  rules: (spec, _meta, sink) => {
    const compiled = str(spec, 'compiledAdapter');
    if (!str(spec, 'adapter') && !compiled) sink.error('spec.compiledAdapter', 'a handler names its adapter (adapter or compiledAdapter)');
    if (compiled) checkAdapterParams(compiled, field(spec, 'params'), 'spec.params', sink);
  },
};

export const instanceValidator: KindValidator = {
  fields: { name: t.string, template: t.string, compiledTemplate: t.string, params: t.any, attributeBindings: t.stringMap },
  rules: (spec, _meta, sink, context) => {
    const compiled = str(spec, 'compiledTemplate');
    if (!str(spec, 'template') && !compiled) sink.error('spec.compiledTemplate', 'an instance names its template (template or compiledTemplate)');
    if (compiled) checkTemplateParams(compiled, field(spec, 'params'), 'spec.params', sink, context);
  },
};

export const attributeManifestValidator: KindValidator = {
  fields: {
    revision: t.string,
    name: t.string,
    attributes: t.map(t.message(() => ({ description: t.string, valueType: t.enumOf(VALUE_TYPES) }))),
  },
  rules: () => undefined,
};
