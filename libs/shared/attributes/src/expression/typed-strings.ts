import { isIP } from 'node:net';
import { parseIpAddress } from '../ip-address';

// Conversions behind ip(), timestamp(), dnsName(), email() and uri(), and the equality rules
// Istio applies to those types (ip_equal, dnsName_equal, email_equal, uri_equal): a DNS name
// compares case-insensitively and ignores a trailing dot, an e-mail compares its domain that
// way, an http(s) URI compares its host that way. Each conversion returns an error message
// rather than throwing, so the evaluator decides how to report it.

export type Converted<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function toIpAddress(text: string): Converted<Uint8Array> {
  if (isIP(text) === 0) return { ok: false, message: `could not convert ${text} to IP_ADDRESS` };
  return { ok: true, value: parseIpAddress(text) };
}

/** Like Go's net.IP.Equal: an IPv4 address equals its IPv4-mapped IPv6 form. */
export function ipAddressesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(ipv4Form(a)).equals(Buffer.from(ipv4Form(b)));
}

function ipv4Form(bytes: Uint8Array): Uint8Array {
  const mapped = bytes.length === 16 && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.subarray(12) : bytes;
}

// RFC 3339 as Go's time.RFC3339 layout parses it (fractional seconds allowed).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function toTimestamp(text: string): Converted<Date> {
  const match = RFC3339.exec(text);
  const millis = match ? Date.parse(text.toUpperCase()) : NaN;
  if (!match || Number.isNaN(millis) || !calendarFieldsValid(match)) {
    return { ok: false, message: `could not convert '${text}' to TIMESTAMP. expected format: '2006-01-02T15:04:05Z07:00'` };
  }
  return { ok: true, value: new Date(millis) };
}

// Date.parse rolls 2019-02-30 over to March; Go rejects it, and so do we.
function calendarFieldsValid(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate();
  return (month ?? 0) >= 1 && (month ?? 0) <= 12 && (day ?? 0) >= 1 && (day ?? 0) <= daysInMonth
    && (hour ?? 0) < 24 && (minute ?? 0) < 60 && (second ?? 0) < 60;
}

const DNS_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/** Validates a DNS name the way Istio's strict IDNA profile does: LDH labels, length limits. */
export function toDnsName(text: string): Converted<string> {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  const problem =
    name === '' ? 'empty name'
    : name.length > 253 ? 'name longer than 253 characters'
    : name.split('.').find((label) => label.length > 63 || !DNS_LABEL.test(label)) !== undefined ? 'invalid label'
    : undefined;
  return problem === undefined ? { ok: true, value: text } : { ok: false, message: `error converting '${text}' to dns name: ${problem}` };
}

export function dnsNamesEqual(a: string, b: string): boolean {
  return canonicalDnsName(a) === canonicalDnsName(b);
}

function canonicalDnsName(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).normalize('NFC').toLowerCase();
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** A bare address `local@domain`; Istio refuses display names (`Jo <jo@x.io>`). */
export function toEmail(text: string): Converted<string> {
  const fail = (why: string): Converted<string> => ({ ok: false, message: `error converting '${text}' to e-mail: ${why}` });
  if (/^[^<]+<[^>]*>\s*$/.test(text)) return fail('display names are not allowed');
  const parts = emailParts(text);
  if (parts === undefined || !LOCAL_PART.test(parts.local)) return fail('not an e-mail address');
  if (!toDnsName(parts.domain).ok) return fail(`invalid domain '${parts.domain}'`);
  return { ok: true, value: text };
}

export function emailsEqual(a: string, b: string): boolean {
  const left = emailParts(a);
  const right = emailParts(b);
  if (left === undefined || right === undefined) return a === b;
  return left.local === right.local && dnsNamesEqual(left.domain, right.domain);
}

function emailParts(text: string): { local: string; domain: string } | undefined {
  const address = text.trim().replace(/^<(.*)>$/, '$1');
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** Go's url.Parse is lenient; it refuses control characters, bad %-escapes and a missing scheme. */
export function toUri(text: string): Converted<string> {
  const fail = (why: string): Converted<string> => ({ ok: false, message: `error converting string to uri '${text}': ${why}` });
  if (text === '') return { ok: false, message: 'error converting string to uri: empty string' };
  if ([...text].some((char) => char.charCodeAt(0) < 0x20 || char === '\x7f')) return fail('invalid control character in URL');
  if (/%(?![0-9a-fA-F]{2})/.test(text)) return fail('invalid URL escape');
  if (text.startsWith(':')) return fail('missing protocol scheme');
  return { ok: true, value: text };
}

export function urisEqual(a: string, b: string): boolean {
  const schemeOf = (uri: string): string => /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase() ?? '';
  const scheme = schemeOf(a);
  if (scheme !== schemeOf(b)) return false;
  const rest = (uri: string): string => uri.slice(scheme === '' ? 0 : scheme.length + 1);
  if (scheme !== 'http' && scheme !== 'https') return rest(a) === rest(b);
  const left = safeUrl(a);
  const right = safeUrl(b);
  if (left === undefined || right === undefined) return rest(a) === rest(b);
  return dnsNamesEqual(left.hostname, right.hostname) && left.port === right.port
    && left.username === right.username && left.password === right.password
    && left.pathname + left.search + left.hash === right.pathname + right.search + right.hash;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
