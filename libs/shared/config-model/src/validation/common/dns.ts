/** DNS name rules reproduced from Istio 1.2 pilot/pkg/model/validation.go. */
const DNS1123_LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_LABEL = /^(\*|(\*|\*-)?[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const MAX_LABEL = 63;
const MAX_NAME = 255;

export function isDns1123Label(value: string): boolean {
  return value.length <= MAX_LABEL && DNS1123_LABEL.test(value);
}

function isWildcardLabel(value: string): boolean {
  return value.length <= MAX_LABEL && WILDCARD_LABEL.test(value);
}

function checkPreconditions(name: string): string | undefined {
  if (name.length > MAX_NAME) return `domain name "${name}" too long (max ${MAX_NAME})`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function checkLabels(domain: string): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1] ?? '';
  // Go's strconv.Atoi accepts an optional sign followed by digits.
  if (/^[+-]?\d+$/.test(tld)) return `domain name "${domain}" invalid (top level domain "${tld}" cannot be all-numeric)`;
  const bad = parts.find((label) => !isDns1123Label(label));
  return bad === undefined ? undefined : `domain name "${domain}" invalid (label "${bad}" invalid)`;
}

/** Istio's ValidateFQDN: every label a DNS-1123 label, TLD not numeric. Returns a message or undefined. */
export function checkFqdn(fqdn: string): string | undefined {
  return checkPreconditions(fqdn) ?? checkLabels(fqdn);
}

/** Istio's ValidateWildcardDomain: like checkFqdn, but the first label may be `*` or `*foo`/`*-foo`. */
export function checkWildcardDomain(domain: string): string | undefined {
  const pre = checkPreconditions(domain);
  if (pre !== undefined) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardLabel(first)) return `domain name "${domain}" invalid (label "${first}" invalid)`;
  return dot < 0 ? undefined : checkLabels(domain.slice(dot + 1));
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/** Approximates Go's net.ParseIP for IPv6 (hex groups, one `::`, optional trailing IPv4). */
export function isIPv6(text: string): boolean {
  if (!text.includes(':') || (text.match(/::/g) ?? []).length > 1) return false;
  const groups = text.split(':');
  const last = groups[groups.length - 1] ?? '';
  const v4Tail = isIPv4(last);
  const hexGroups = v4Tail ? groups.slice(0, -1) : groups;
  const filled = hexGroups.filter((g) => g !== '');
  if (!filled.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = filled.length + (v4Tail ? 2 : 0);
  return text.includes('::') ? count < 8 : count === 8;
}

export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

/** Istio's ValidateIPv4Subnet: a.b.c.d or a.b.c.d/nn. */
export function checkIPv4Subnet(subnet: string): string | undefined {
  const slash = subnet.split('/');
  if (slash.length === 2) {
    const [ip = '', bits = ''] = slash;
    if (!/^\d{1,2}$/.test(bits) || Number(bits) > 32 || !isIPv4(ip)) return `${subnet} is not a valid IPv4 CIDR block`;
    return undefined;
  }
  return isIPv4(subnet) ? undefined : `${subnet} is not a valid IPv4 address`;
}

/** Istio's hostname matching (model.Hostname.Matches): wildcard-aware overlap of two hosts. */
export function hostsOverlap(a: string, b: string): boolean {
  if (a.startsWith('*') || b.startsWith('*')) {
    const sa = a.startsWith('*') ? a.slice(1) : a;
    const sb = b.startsWith('*') ? b.slice(1) : b;
    if (a.startsWith('*') && b.startsWith('*')) return sa.endsWith(sb) || sb.endsWith(sa);
    return a.startsWith('*') ? b.endsWith(sa) : a.endsWith(sb);
  }
  return a === b;
}

/** Istio's Hostname.SubsetOf: every name matched by `inner` is matched by `outer`. */
export function hostSubsetOf(inner: string, outer: string): boolean {
  if (outer.startsWith('*')) {
    const suffix = outer.slice(1);
    return inner.startsWith('*') ? inner.slice(1).endsWith(suffix) : inner.endsWith(suffix);
  }
  return inner === outer;
}
