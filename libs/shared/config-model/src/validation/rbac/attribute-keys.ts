/**
 * Attribute keys understood by Istio 1.2's RBAC filter generator (pilot/pkg/security/authz).
 * validation.go does not reject other keys, but the generator ignores them, so they are
 * reported as warnings rather than errors.
 */
const CONSTRAINT_KEYS = ['destination.ip', 'destination.port', 'destination.name', 'destination.namespace', 'destination.user', 'connection.sni'];
const CONSTRAINT_PREFIXES = ['destination.labels[', 'request.headers[', 'experimental.envoy.filters.'];
const PROPERTY_KEYS = [
  'source.ip', 'source.namespace', 'source.principal', 'source.user', 'request.auth.principal', 'request.auth.audiences',
  'request.auth.presenter', ...CONSTRAINT_KEYS,
];
const PROPERTY_PREFIXES = ['request.auth.claims[', 'request.headers[', 'destination.labels['];

function known(key: string, exact: string[], prefixes: string[]): boolean {
  if (exact.includes(key)) return true;
  return prefixes.some((p) => key.startsWith(p) && (p.endsWith('.') ? key.length > p.length : key.endsWith(']') && key.length > p.length + 1));
}

export const isKnownConstraintKey = (key: string): boolean => known(key, CONSTRAINT_KEYS, CONSTRAINT_PREFIXES);
export const isKnownPropertyKey = (key: string): boolean => known(key, PROPERTY_KEYS, PROPERTY_PREFIXES);
