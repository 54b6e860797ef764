/**
 * A small protobuf writer for the report hot path: one growing byte buffer, varints written in
 * place, and no fork/join per map entry. Callers that know a field's length up front (map
 * entries of two varints) write it directly; others write into a scratch writer and append it.
 */
export class WireWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initialSize = 4096) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** The bytes written so far (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }

  tag(field: number, wireType: number): this {
    return this.varint32((field << 3) | wireType);
  }

  /** An unsigned varint below 2^32. */
  varint32(value: number): this {
    this.ensure(5);
    let v = value >>> 0;
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
    return this;
  }

  sint32(value: number): this {
    return this.varint32(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** int64: non-negative safe integers take the number path; anything else goes through bigint (two's complement, 10 bytes when negative). */
  int64(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) {
      this.ensure(10);
      let v = value;
      while (v > 0x7f) {
        this.buf[this.pos++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
      this.buf[this.pos++] = v;
      return this;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
    return this;
  }

  bool(value: boolean): this {
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
    return this;
  }

  double(value: number): this {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  /** Length-delimited bytes (the length prefix included). */
  lengthDelimited(bytes: Uint8Array): this {
    this.varint32(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** A UTF-8 string with its length prefix. */
  string(value: string): this {
    const length = Buffer.byteLength(value);
    this.varint32(length);
    this.ensure(length);
    Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength).write(value, this.pos, length, 'utf8');
    this.pos += length;
    return this;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}

/** Bytes a varint of `value` (unsigned, below 2^32) takes. */
export function varint32Size(value: number): number {
  const v = value >>> 0;
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

export const zigzag32 = (value: number): number => ((value << 1) ^ (value >> 31)) >>> 0;
