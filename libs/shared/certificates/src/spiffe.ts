import { SpiffeIdError } from './errors';

/** A workload identity in Istio's SPIFFE layout: `spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>`. */
export interface SpiffeId {
  readonly trustDomain: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The canonical URI form. */
  readonly uri: string;
}

const SCHEME = 'spiffe://';
// Trust domains are host-like names; SPIFFE allows lower-case letters, digits, '.', '-' and '_'.
const TRUST_DOMAIN = /^[a-z0-9._-]{1,255}$/;
// Namespaces are Kubernetes DNS-1123 labels; service accounts are DNS-1123 subdomains.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
  return DNS_LABEL.test(value);
}

export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every(isDnsLabel);
}

/** Builds a SPIFFE ID, validating every part. */
export function formatSpiffeId(parts: { trustDomain: string; namespace: string; serviceAccount: string }): SpiffeId {
  validateTrustDomain(parts.trustDomain, parts.trustDomain);
  validateNamespace(parts.namespace, parts.namespace);
  validateServiceAccount(parts.serviceAccount, parts.serviceAccount);
  const { trustDomain, namespace, serviceAccount } = parts;
  return Object.freeze({ trustDomain, namespace, serviceAccount, uri: `${SCHEME}${trustDomain}/ns/${namespace}/sa/${serviceAccount}` });
}

/** Parses and strictly validates a SPIFFE URI; throws {@link SpiffeIdError} naming the bad part. */
export function parseSpiffeId(uri: string): SpiffeId {
  if (!uri.startsWith(SCHEME)) fail(uri, 'scheme', `must start with "${SCHEME}"`);
  const rest = uri.slice(SCHEME.length);
  if (/[?#]/.test(rest)) fail(uri, 'uri', 'must not contain a query or fragment');
  const slash = rest.indexOf('/');
  if (slash < 0) fail(uri, 'path', 'is missing; expected /ns/<namespace>/sa/<service-account>');
  const trustDomain = rest.slice(0, slash);
  validateTrustDomain(trustDomain, uri);
  const segments = rest.slice(slash + 1).split('/');
  if (segments.length !== 4 || segments[0] !== 'ns' || segments[2] !== 'sa') {
    fail(uri, 'path', 'must be exactly /ns/<namespace>/sa/<service-account>');
  }
  const [, namespace, , serviceAccount] = segments as [string, string, string, string];
  validateNamespace(namespace, uri);
  validateServiceAccount(serviceAccount, uri);
  return Object.freeze({ trustDomain, namespace, serviceAccount, uri });
}

/** Like {@link parseSpiffeId} but returns undefined instead of throwing. */
export function tryParseSpiffeId(uri: string): SpiffeId | undefined {
  try {
    return parseSpiffeId(uri);
  } catch {
    return undefined;
  }
}

function validateTrustDomain(trustDomain: string, source: string): void {
  if (!TRUST_DOMAIN.test(trustDomain)) {
    fail(source, 'trust domain', `"${trustDomain}" must be 1-255 chars of [a-z0-9._-]`);
  }
}

function validateNamespace(namespace: string, source: string): void {
  if (!isDnsLabel(namespace)) fail(source, 'namespace', `"${namespace}" is not a DNS-1123 label`);
}

function validateServiceAccount(serviceAccount: string, source: string): void {
  if (!isDnsSubdomain(serviceAccount)) {
    fail(source, 'service account', `"${serviceAccount}" is not a DNS-1123 subdomain`);
  }
}

function fail(source: string, field: string, reason: string): never {
  throw new SpiffeIdError(`${field} ${reason}`, { field, source });
}
