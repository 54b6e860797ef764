import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { GlobalDictionary, ISTIO_1_2_GLOBAL_DICTIONARY, MessageWordTable } from '../dictionaries';
import { parseIpAddress } from '../ip-address';
import type { ReportSchema, SlotKind, SlotValue } from './report-slots';

// Field numbers of istio.mixer.v1 CompressedAttributes (attributes.proto) and ReportRequest
// (report.proto). Map fields are repeated entry messages {1: key, 2: value}.
const FIELD: Record<SlotKind, number> = { string: 2, int64: 3, double: 4, bool: 5, timestamp: 6, duration: 7, ip: 8, bytes: 8, stringMap: 9 };
const LEN = 2;
const VARINT = 0;
const FIXED64 = 1;
const tag = (field: number, wireType: number) => (field << 3) | wireType;
const NANOS_PER_MS = 1_000_000;

/**
 * Writes one batched ReportRequest straight to protobuf bytes, as Envoy's mixer filter batches
 * reports: entries share one word list (default_words) and, under DELTA_ENCODING, each entry
 * carries only the attributes that changed since the previous one. Equivalent on the wire to
 * ReportBatchEncoder + ReportRequest.encode, without building a message object per report.
 */
export class ReportBatchWriter {
  private readonly writer = new BinaryWriter();
  private readonly words = new MessageWordTable();
  private schema: ReportSchema | undefined;
  private previous: SlotValue[] = [];
  private entries = 0;

  constructor(private readonly dictionary: GlobalDictionary = ISTIO_1_2_GLOBAL_DICTIONARY) {}

  get count(): number {
    return this.entries;
  }

  /**
   * Appends one report. Returns false, writing nothing, when a delta cannot express it: a delta
   * can set attributes but never remove one, so a report lacking an attribute the batch already
   * carries has to open a new batch (Envoy's batch compressor flushes in the same case).
   */
  add(schema: ReportSchema, values: readonly SlotValue[]): boolean {
    const sameSchema = schema === this.schema;
    if (!this.expressible(schema, values, sameSchema)) return false;
    const w = this.writer;
    w.uint32(tag(1, LEN)).fork();
    const { names, kinds } = schema;
    for (let i = 0; i < names.length; i++) {
      const value = values[i];
      if (value === undefined || (sameSchema && unchanged(this.previous[i], value))) continue;
      this.writeEntry(kinds[i] as SlotKind, this.word(names[i] as string), value);
    }
    w.join();
    this.schema = schema;
    this.previous = values.slice();
    this.entries++;
    return true;
  }

  /** The ReportRequest's bytes. The writer is spent afterwards. */
  finish(): Uint8Array {
    const w = this.writer;
    for (const word of this.words.words()) w.uint32(tag(2, LEN)).string(word);
    w.uint32(tag(3, VARINT)).uint32(this.dictionary.size);
    // repeated_attributes_semantics DELTA_ENCODING is 0, proto3's default: not written.
    return w.finish();
  }

  private expressible(schema: ReportSchema, values: readonly SlotValue[], sameSchema: boolean): boolean {
    const before = this.schema;
    if (before === undefined) return true;
    if (sameSchema) {
      for (let i = 0; i < values.length; i++) if (values[i] === undefined && this.previous[i] !== undefined) return false;
      return true;
    }
    // Another schema: everything written so far must still be present.
    const present = new Set(schema.names.filter((_, i) => values[i] !== undefined));
    return before.names.every((name, i) => this.previous[i] === undefined || present.has(name));
  }

  private word(word: string): number {
    return this.dictionary.indexOf(word) ?? this.words.indexOf(word);
  }

  private writeEntry(kind: SlotKind, key: number, value: Exclude<SlotValue, undefined>): void {
    const w = this.writer.uint32(tag(FIELD[kind], LEN)).fork().uint32(tag(1, VARINT)).sint32(key);
    switch (kind) {
      case 'string':
        w.uint32(tag(2, VARINT)).sint32(this.word(value as string));
        break;
      case 'int64':
        w.uint32(tag(2, VARINT)).int64(value as number | bigint);
        break;
      case 'double':
        w.uint32(tag(2, FIXED64)).double(value as number);
        break;
      case 'bool':
        w.uint32(tag(2, VARINT)).bool(value as boolean);
        break;
      case 'timestamp':
        writeSecondsNanos(w, BigInt(Math.floor((value as number) / 1000)), ((value as number) % 1000 + 1000) % 1000 * NANOS_PER_MS);
        break;
      case 'duration': {
        const nanos = typeof value === 'bigint' ? value : BigInt(Math.round((value as number) * NANOS_PER_MS));
        // Duration: seconds and nanos carry the same sign (bigint division truncates toward zero).
        writeSecondsNanos(w, nanos / 1_000_000_000n, Number(nanos % 1_000_000_000n));
        break;
      }
      case 'ip':
        w.uint32(tag(2, LEN)).bytes(ipBytes(value as string));
        break;
      case 'bytes':
        w.uint32(tag(2, LEN)).bytes(value as Uint8Array);
        break;
      case 'stringMap':
        this.writeStringMap(value as Readonly<Record<string, string>> | ReadonlyMap<string, string>);
        break;
    }
    w.join();
  }

  private writeStringMap(map: Readonly<Record<string, string>> | ReadonlyMap<string, string>): void {
    const w = this.writer.uint32(tag(2, LEN)).fork();
    const entry = (k: string, v: string) => w.uint32(tag(1, LEN)).fork().uint32(tag(1, VARINT)).sint32(this.word(k)).uint32(tag(2, VARINT)).sint32(this.word(v)).join();
    if (map instanceof Map) for (const [k, v] of map) entry(k, v);
    else for (const k in map) entry(k, (map as Readonly<Record<string, string>>)[k] as string);
    w.join();
  }
}

function writeSecondsNanos(w: BinaryWriter, seconds: bigint, nanos: number): void {
  w.uint32(tag(2, LEN)).fork();
  if (seconds !== 0n) w.uint32(tag(1, VARINT)).int64(seconds);
  if (nanos !== 0) w.uint32(tag(2, VARINT)).int32(nanos);
  w.join();
}

/** Delta test. Maps and byte arrays count as changed unless they are the same object. */
function unchanged(before: SlotValue, now: SlotValue): boolean {
  return before === now;
}

const ipCache = new Map<string, Uint8Array>();

/** Peers repeat: parse each address once (bounded, so address churn cannot grow it). */
function ipBytes(address: string): Uint8Array {
  let bytes = ipCache.get(address);
  if (bytes === undefined) {
    bytes = parseIpAddress(address);
    if (ipCache.size >= 4096) ipCache.clear();
    ipCache.set(address, bytes);
  }
  return bytes;
}
