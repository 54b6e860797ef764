import type { KindValidator } from '../kind-validator';
import { IssueSink } from '../issues';
import { entries, field, has, list, obj, str, strings, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { isKnownPropertyKey } from './attribute-keys';
import { accessRule, checkAccessRules } from './service-role';

/** ServiceRoleBinding as defined by istio/api 1.2.10 rbac/v1alpha1/rbac.proto. */
const subjectListFields = ['names', 'notNames', 'groups', 'notGroups', 'namespaces', 'notNamespaces', 'ips', 'notIps'];
const fields: Fields = {
  subjects: t.list(
    t.message(() => ({
      user: t.string,
      group: t.string,
      properties: t.stringMap,
      ...Object.fromEntries(subjectListFields.map((f) => [f, t.strings])),
    })),
  ),
  roleRef: t.message(() => ({ kind: t.string, name: t.string })),
  mode: t.enumOf(['ENFORCED', 'PERMISSIVE']),
  actions: t.list(accessRule),
  role: t.string,
};

// A property that repeats a first-class subject field is ambiguous, so Istio rejects it.
const FIRST_CLASS_FOR_PROPERTY: Record<string, string> = {
  'source.principal': 'names',
  'request.auth.claims[groups]': 'groups',
  'source.namespace': 'namespaces',
  'source.ip': 'ips',
};

/** Istio's checkServiceRoleBinding. */
function rules(spec: JsonObject, _meta: unknown, sink: IssueSink): void {
  const subjects = list(spec, 'subjects');
  if (subjects.length === 0) sink.error('spec.subjects', 'at least 1 subject must be specified');
  subjects.forEach((subject, i) => {
    const at = `spec.subjects[${i}]`;
    const empty = str(subject, 'user') === '' && str(subject, 'group') === '' && entries(subject, 'properties').length === 0 &&
      subjectListFields.every((f) => list(subject, f).length === 0);
    if (empty) sink.error(at, 'empty subjects are not allowed');
    for (const [key] of entries(subject, 'properties')) {
      const firstClass = FIRST_CLASS_FOR_PROPERTY[key];
      if (firstClass !== undefined && list(subject, firstClass).length > 0) {
        sink.error(`${at}.properties[${JSON.stringify(key)}]`, `cannot define ${key} because ${firstClass} is already set`);
      } else if (!isKnownPropertyKey(key)) {
        sink.warn(`${at}.properties[${JSON.stringify(key)}]`, `property "${key}" is not supported by Istio 1.2 and will be ignored`);
      }
    }
    // names: ["*"] would read as "any principal" but differs from the old user: "*"; Istio forbids it.
    for (const f of ['names', 'notNames']) {
      if (strings(subject, f).includes('*')) sink.error(`${at}.${f}`, `do not use * in ${f}`);
    }
  });
  const roleFields = [has(spec, 'roleRef'), list(spec, 'actions').length > 0, str(spec, 'role') !== ''].filter(Boolean).length;
  if (roleFields !== 1) sink.error('spec', 'exactly one of roleRef, role, or actions must be specified');
  const roleRef = obj(spec, 'roleRef');
  if (roleRef !== undefined) {
    if (str(roleRef, 'kind') !== 'ServiceRole') sink.error('spec.roleRef.kind', `kind is "${str(roleRef, 'kind')}", the only supported value is "ServiceRole"`);
    if (str(roleRef, 'name') === '') sink.error('spec.roleRef.name', 'roleRef name cannot be empty');
  }
  const actions = field(spec, 'actions');
  if (Array.isArray(actions) && actions.length > 0) checkAccessRules(actions, 'spec.actions', sink);
  if (str(spec, 'role') === '/') sink.error('spec.role', 'role cannot have an empty ServiceRole name');
}

export const serviceRoleBindingValidator: KindValidator = { fields, rules };
