/**
 * Just enough of the protobuf wire format to tell a serialized FileDescriptorSet (what Istio 1.2's
 * `adapter.config` and `template.descriptor` carry, base64-encoded) from arbitrary bytes.
 */
export interface WireField {
  readonly number: number;
  readonly wireType: number;
  /** The payload of a length-delimited field. */
  readonly bytes?: Uint8Array;
}

function readVarint(buf: Uint8Array, at: number): [value: number, next: number] | undefined {
  let value = 0;
  for (let i = 0, shift = 1; i < 10; i++, shift *= 128) {
    const b = buf[at + i];
    if (b === undefined) return undefined;
    value += (b & 0x7f) * shift;
    if ((b & 0x80) === 0) return [value, at + i + 1];
  }
  return undefined;
}

/** The top-level fields of a message, or undefined when the bytes are not well-formed wire data. */
export function readWireFields(buf: Uint8Array): WireField[] | undefined {
  const fields: WireField[] = [];
  let at = 0;
  while (at < buf.length) {
    const tag = readVarint(buf, at);
    if (tag === undefined) return undefined;
    const [key, afterTag] = tag;
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (number === 0) return undefined;
    if (wireType === 0) {
      const v = readVarint(buf, afterTag);
      if (v === undefined) return undefined;
      at = v[1];
      fields.push({ number, wireType });
    } else if (wireType === 1 || wireType === 5) {
      at = afterTag + (wireType === 1 ? 8 : 4);
      if (at > buf.length) return undefined;
      fields.push({ number, wireType });
    } else if (wireType === 2) {
      const len = readVarint(buf, afterTag);
      if (len === undefined || len[1] + len[0] > buf.length) return undefined;
      fields.push({ number, wireType, bytes: buf.subarray(len[1], len[1] + len[0]) });
      at = len[1] + len[0];
    } else {
      return undefined; // groups (3, 4) never occur in descriptors; 6 and 7 are not wire types
    }
  }
  return fields;
}

/** Go's base64.StdEncoding as Mixer decodes these strings: padded, standard alphabet, newlines ignored. */
export function decodeStdBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/**
 * Why `text` is not a base64 FileDescriptorSet (field 1: repeated FileDescriptorProto, each itself
 * well-formed with a file name), or undefined when it is one.
 */
export function fileDescriptorSetProblem(text: string): string | undefined {
  const bytes = decodeStdBase64(text);
  if (bytes === undefined) return 'is not valid base64 (standard alphabet, padded)';
  const fields = readWireFields(bytes);
  if (fields === undefined) return 'does not decode as a protobuf message';
  const files = fields.filter((f) => f.number === 1 && f.wireType === 2);
  if (files.length === 0 || files.length !== fields.length) return 'is not a FileDescriptorSet: expected only `file` entries (field 1)';
  const bad = files.findIndex((f) => {
    const inner = f.bytes === undefined ? undefined : readWireFields(f.bytes);
    return inner === undefined || !inner.some((g) => g.number === 1 && g.wireType === 2);
  });
  return bad < 0 ? undefined : `is not a FileDescriptorSet: file ${bad} is not a FileDescriptorProto with a name`;
}
