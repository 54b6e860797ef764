import type { KindValidator } from '../kind-validator';
import { IssueSink, keyPath } from '../issues';
import { entries, field, list, num, str, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { checkRegex } from '../common/values';

/** QuotaSpec as defined by istio/api 1.2.10 mixer/v1/config/client/quota.proto. */
const stringMatch = t.message(() => ({ exact: t.string, prefix: t.string, regex: t.string }));
const fields: Fields = {
  rules: t.list(
    t.message(() => ({
      match: t.list(t.message(() => ({ clause: t.map(stringMatch) }))),
      // int64 fields may be JSON strings in proto-JSON, so charge accepts any value and is checked below.
      quotas: t.list(t.message(() => ({ quota: t.string, charge: t.any }))),
    })),
  ),
};

/** Istio's ValidateQuotaSpec. */
function rules(spec: JsonObject, _meta: unknown, sink: IssueSink): void {
  const quotaRules = list(spec, 'rules');
  if (quotaRules.length === 0) sink.error('spec.rules', 'at least one rule must be specified');
  quotaRules.forEach((rule, i) => {
    const at = `spec.rules[${i}]`;
    list(rule, 'match').forEach((match, j) => {
      for (const [attribute, clause] of entries(match, 'clause')) {
        const clauseAt = keyPath(`${at}.match[${j}].clause`, attribute);
        for (const kind of ['exact', 'prefix', 'regex']) {
          if (field(clause, kind) === '') sink.error(`${clauseAt}.${kind}`, `${kind} match for attribute "${attribute}" cannot be empty`);
        }
        if (str(clause, 'regex') !== '') sink.check(`${clauseAt}.regex`, checkRegex(str(clause, 'regex')));
      }
    });
    const quotas = list(rule, 'quotas');
    if (quotas.length === 0) sink.error(`${at}.quotas`, 'at least one quota must be specified');
    quotas.forEach((quota, j) => {
      if (str(quota, 'quota') === '') sink.error(`${at}.quotas[${j}].quota`, 'quota name cannot be empty');
      const raw = field(quota, 'charge');
      const charge = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : num(quota, 'charge');
      if (!(charge > 0) || !Number.isInteger(charge)) sink.error(`${at}.quotas[${j}].charge`, 'quota charge must be a positive integer');
    });
  });
}

export const quotaSpecValidator: KindValidator = { fields, rules };
