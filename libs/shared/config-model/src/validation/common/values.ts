import { IssueSink, keyPath } from '../issues';
import { entries, type Json } from '../schema/access';
import { checkFqdn, checkWildcardDomain, isDns1123Label, isIP } from './dns';

export function checkPort(port: number): string | undefined {
  return port >= 1 && port <= 65535 ? undefined : `port number ${port} must be in the range 1..65535`;
}

export function checkPercent(value: number): string | undefined {
  return value >= 0 && value <= 100 ? undefined : `percentage ${value} is not in range 0..100`;
}

// Kubernetes qualified-name rules as Istio 1.2 applies them to label keys (no prefix/length split).
const LABEL_KEY = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Istio's Labels.Validate over a map field, one issue per bad key or value. */
export function checkLabels(parent: Json, camel: string, path: string, sink: IssueSink): void {
  for (const [key, value] of entries(parent, camel)) {
    const at = keyPath(path, key);
    if (!LABEL_KEY.test(key)) sink.error(at, `invalid label key "${key}"`);
    if (typeof value === 'string' && !LABEL_VALUE.test(value)) sink.error(at, `invalid label value "${value}"`);
  }
}

/**
 * Istio compiles regexes with RE2; JavaScript's RegExp is used here as an approximation, so
 * RE2-only syntax (e.g. `(?P<name>...)`) is rejected and JS-only syntax (lookarounds) accepted.
 */
export function checkRegex(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch {
    return `regex "${pattern}" does not compile`;
  }
}

const PROTOCOLS = ['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql'];

/** Istio's ParseProtocol (case-insensitive); unknown names are ProtocolUnsupported. */
export function parseProtocol(name: string): string | undefined {
  const lower = name.toLowerCase();
  return PROTOCOLS.includes(lower) ? lower : undefined;
}

export const isHttpProtocol = (p: string | undefined): boolean => ['http', 'http2', 'grpc', 'grpc-web'].includes(p ?? '');
export const isTlsProtocol = (p: string | undefined): boolean => p === 'https' || p === 'tls';

export function checkProtocol(name: string): string | undefined {
  return parseProtocol(name) === undefined ? `unsupported protocol "${name}"` : undefined;
}

export function checkPortName(name: string): string | undefined {
  return isDns1123Label(name) ? undefined : `invalid port name "${name}"`;
}

export function checkHeaderName(name: string): string | undefined {
  return name === '' ? 'header name cannot be empty' : undefined;
}

/** Istio's validateGatewayNames: `ns/name` with DNS-label parts, or an old-style FQDN/short name. */
export function checkGatewayRef(ref: string): string[] {
  const slash = ref.indexOf('/');
  if (slash < 0) {
    const err = checkFqdn(ref);
    return err === undefined ? [] : [err];
  }
  const ns = ref.slice(0, slash);
  const name = ref.slice(slash + 1);
  const out: string[] = [];
  if (ns === '' || name === '') out.push('config namespace and gateway name cannot be empty');
  if (!isDns1123Label(ns)) out.push(`invalid value for namespace: "${ns}"`);
  if (!isDns1123Label(name)) out.push(`invalid value for gateway name: "${name}"`);
  return out;
}

function checkHostnamePart(host: string, isGateway: boolean): string[] {
  const out: string[] = [];
  if (host !== '*' && !host.includes('.')) out.push(`short name "${host}" is not allowed, use a fully qualified name`);
  const err = checkWildcardDomain(host);
  // Gateways may also name an IP address instead of a host.
  if (err !== undefined && !(isGateway && isIP(host))) out.push(err);
  return out;
}

/**
 * Istio's validateNamespaceSlashWildcardHostname: Sidecar egress hosts must be `ns/dnsName`
 * (ns may be `*`, `.` or `~`); Gateway server hosts may also be a bare dnsName (old style).
 */
export function checkNamespacedHost(host: string, isGateway: boolean): string[] {
  const slash = host.indexOf('/');
  if (slash < 0) {
    return isGateway ? checkHostnamePart(host, true) : ['host must be of form namespace/dnsName'];
  }
  const ns = host.slice(0, slash);
  const name = host.slice(slash + 1);
  const out: string[] = [];
  if (ns === '' || name === '') out.push('config namespace and dnsName in host entry cannot be empty');
  const specialNamespaces = isGateway ? ['*', '.'] : ['*', '.', '~'];
  if (!specialNamespaces.includes(ns) && !isDns1123Label(ns)) {
    out.push(`invalid namespace value "${ns}" in ${isGateway ? 'gateway' : 'sidecar'} host`);
  }
  return out.concat(checkHostnamePart(name, isGateway));
}

/** Istio 1.2 only supports a single exportTo entry, `.` or `*`. */
export function checkExportTo(values: string[], path: string, sink: IssueSink): void {
  if (values.length > 1) sink.error(path, 'exportTo should have only one entry (. or *) in Istio 1.2');
  else if (values.length === 1 && values[0] !== '.' && values[0] !== '*') {
    sink.error(`${path}[0]`, 'only . or * is allowed in exportTo in Istio 1.2');
  }
}

/** Istio's ValidateUnixAddress for the part after `unix://`. */
export function checkUnixAddress(address: string): string | undefined {
  if (address === '') return 'unix address must not be empty';
  if (address.startsWith('@')) return undefined;
  if (!address.startsWith('/') || address.endsWith('/')) return `${address} is not an absolute path to a file`;
  return undefined;
}
