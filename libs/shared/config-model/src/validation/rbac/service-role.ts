import type { KindValidator } from '../kind-validator';
import { IssueSink } from '../issues';
import { field, list, str, strings, type Json, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { isKnownConstraintKey } from './attribute-keys';

/** AccessRule as defined by istio/api 1.2.10 rbac/v1alpha1/rbac.proto. */
export const accessRule = t.message(() => ({
  services: t.strings,
  hosts: t.strings,
  notHosts: t.strings,
  paths: t.strings,
  notPaths: t.strings,
  methods: t.strings,
  notMethods: t.strings,
  ports: t.list(t.int),
  notPorts: t.list(t.int),
  constraints: t.list(t.message(() => ({ key: t.string, values: t.strings }))),
}));

const fields: Fields = { rules: t.list(accessRule) };

function ports(rule: Json, camel: string): number[] {
  return list(rule, camel).filter((p): p is number => typeof p === 'number');
}

/** Istio's ValidateServiceRole over `rules` at `path` (also used for inline binding actions). */
export function checkAccessRules(rules: Json[], path: string, sink: IssueSink): void {
  if (rules.length === 0) sink.error(path, 'at least 1 rule must be specified');
  rules.forEach((rule, i) => {
    const at = `${path}[${i}]`;
    for (const [regular, negated] of [['methods', 'notMethods'], ['ports', 'notPorts']] as const) {
      if (list(rule, regular).length > 0 && list(rule, negated).length > 0) {
        sink.error(at, `cannot have both ${regular} and ${negated} in the same rule`);
      }
    }
    for (const portField of ['ports', 'notPorts']) {
      ports(rule, portField).forEach((p, j) => {
        if (p < 0 || p > 65535) sink.error(`${at}.${portField}[${j}]`, `port ${p} is not in the range [0, 65535]`);
      });
    }
    const hasPortField = ports(rule, 'ports').length > 0 || ports(rule, 'notPorts').length > 0;
    list(rule, 'constraints').forEach((constraint, j) => {
      const cAt = `${at}.constraints[${j}]`;
      const key = str(constraint, 'key');
      if (key === '') sink.error(`${cAt}.key`, 'constraint key cannot be empty');
      else if (!isKnownConstraintKey(key)) sink.warn(`${cAt}.key`, `constraint key "${key}" is not supported by Istio 1.2 and will be ignored`);
      if (strings(constraint, 'values').length === 0) sink.error(`${cAt}.values`, 'at least 1 value must be specified');
      // destination.port duplicates the first-class ports/notPorts fields.
      if (key === 'destination.port' && hasPortField) sink.error(`${cAt}.key`, 'cannot define destination.port because ports/notPorts is already set');
    });
  });
}

export const serviceRoleValidator: KindValidator = {
  fields,
  rules: (spec: JsonObject, _meta, sink) => {
    const rules = field(spec, 'rules');
    checkAccessRules(Array.isArray(rules) ? rules : [], 'spec.rules', sink);
  },
};
