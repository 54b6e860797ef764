/**
 * Reads the SNI host name from a TLS ClientHello (Envoy's tls_inspector). Returns `undefined`
 * for a complete ClientHello without SNI, `null` when more bytes are needed, and `false` when
 * the bytes are not TLS at all.
 */
export function sniFromClientHello(buf: Buffer): string | undefined | null | false {
  if (buf.length < 1) return null;
  if (buf[0] !== 0x16) return false;
  if (buf.length < 5) return null;
  const recordEnd = 5 + buf.readUInt16BE(3);
  if (buf.length < Math.min(recordEnd, 5 + 4)) return null;
  if (buf[5] !== 0x01) return false;
  if (buf.length < recordEnd) return null;
  let i = 5 + 4 + 2 + 32;
  const skip = (lenBytes: 1 | 2) => {
    if (i + lenBytes > recordEnd) return false;
    const n = lenBytes === 1 ? (buf[i] as number) : buf.readUInt16BE(i);
    i += lenBytes + n;
    return i <= recordEnd;
  };
  if (!skip(1) || !skip(2) || !skip(1)) return undefined;
  if (i + 2 > recordEnd) return undefined;
  const extEnd = i + 2 + buf.readUInt16BE(i);
  i += 2;
  while (i + 4 <= Math.min(extEnd, recordEnd)) {
    const type = buf.readUInt16BE(i);
    const len = buf.readUInt16BE(i + 2);
    i += 4;
    if (type === 0 && i + 5 <= recordEnd) {
      const nameLen = buf.readUInt16BE(i + 3);
      if (buf[i + 2] === 0 && i + 5 + nameLen <= recordEnd) return buf.subarray(i + 5, i + 5 + nameLen).toString('ascii').toLowerCase();
      return undefined;
    }
    i += len;
  }
  return undefined;
}

/** Envoy's server_names match: exact first, then the longest `*.suffix` wildcard. */
export function serverNameScore(patterns: readonly string[], sni: string | undefined): number {
  if (patterns.length === 0) return 0;
  if (!sni) return -1;
  let best = -1;
  for (const p of patterns) {
    if (p === sni) return 10_000;
    if (p.startsWith('*.') && sni.endsWith(p.slice(1)) && sni.length > p.length - 1) best = Math.max(best, p.length);
  }
  return best;
}
