import { isIPv4, isIPv6 } from 'node:net';
import { BadRequestError } from '@tsmesh/shared-errors';

// IP_ADDRESS attributes travel as raw bytes (4 for IPv4, 16 for IPv6), as Envoy's mixer filter
// sends them; these helpers convert between that form and the text form people read.

/** Parses a textual IPv4/IPv6 address into its 4 or 16 bytes. */
export function parseIpAddress(address: string): Uint8Array {
  if (isIPv4(address)) return Uint8Array.from(address.split('.').map(Number));
  if (!isIPv6(address)) throw new BadRequestError(`"${address}" is not an IP address`);
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const groupsOf = (part: string): number[] => (part === '' ? [] : part.split(':').flatMap(ipv6Group));
  const front = groupsOf(head);
  const back = tail === undefined ? [] : groupsOf(tail);
  const zeros = new Array<number>(8 - front.length - back.length).fill(0);
  const groups = [...front, ...zeros, ...back];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

// An embedded IPv4 tail ("::ffff:10.0.0.1") counts as two 16-bit groups.
function ipv6Group(part: string): number[] {
  if (!part.includes('.')) return [parseInt(part, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = part.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

/** Formats 4 or 16 bytes as an address; undefined for any other length (not an address). */
export function formatIpAddress(bytes: Uint8Array): string | undefined {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return undefined;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // Compress the longest run of zero groups, as RFC 5952 asks.
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === '0') length++;
    if (length > best.length && length > 1) best = { start, length };
  }
  if (best.start < 0) return groups.join(':');
  const left = groups.slice(0, best.start).join(':');
  const right = groups.slice(best.start + best.length).join(':');
  return `${left}::${right}`;
}
