/**
 * A minimal protobuf wire reader. 2,000 simulated proxies share the machine with pilot, so they
 * read only the few fields Envoy's subscription logic needs and skip everything else by length,
 * instead of decoding megabytes of config per push.
 */
export interface WireField {
  readonly field: number;
  /** Varint fields: the value (up to 2^53). */
  readonly varint: number;
  /** Length-delimited fields: the bytes (a view, not a copy). */
  readonly bytes: Uint8Array | undefined;
}

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[pos++];
    if (byte === undefined) throw new Error('truncated varint');
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos];
    scale *= 128;
  }
}

/** The top-level fields of one encoded message, in wire order. */
export function* wireFields(buf: Uint8Array): Generator<WireField> {
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const field = Math.floor(tag / 8);
    const type = tag & 7;
    if (type === 0) {
      const [varint, next] = readVarint(buf, pos);
      pos = next;
      yield { field, varint, bytes: undefined };
    } else if (type === 2) {
      const [len, start] = readVarint(buf, pos);
      pos = start + len;
      if (pos > buf.length) throw new Error('truncated length-delimited field');
      yield { field, varint: 0, bytes: buf.subarray(start, pos) };
    } else if (type === 1) pos += 8;
    else if (type === 5) pos += 4;
    else throw new Error(`unsupported wire type ${type}`);
  }
}

const utf8 = new TextDecoder();

export function wireString(bytes: Uint8Array | undefined): string {
  return bytes ? utf8.decode(bytes) : '';
}

/** The length-delimited values of `field` in `buf`. */
export function wireMessages(buf: Uint8Array, field: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of wireFields(buf)) if (f.field === field && f.bytes) out.push(f.bytes);
  return out;
}
