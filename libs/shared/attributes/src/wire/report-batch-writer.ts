import { GlobalDictionary, ISTIO_1_2_GLOBAL_DICTIONARY, MessageWordTable } from '../dictionaries';
import { parseIpAddress } from '../ip-address';
import type { AttributeBag } from '../attribute-bag';
import { slotsFromBag, type ReportSchema, type SlotKind, type SlotValue } from './report-slots';
import { varint32Size, WireWriter, zigzag32 } from './wire-writer';

// Field numbers of istio.mixer.v1 CompressedAttributes (attributes.proto) and ReportRequest
// (report.proto). Map fields are repeated entry messages {1: key, 2: value}.
const FIELD: Record<SlotKind, number> = { string: 2, int64: 3, double: 4, bool: 5, timestamp: 6, duration: 7, ip: 8, bytes: 8, stringMap: 9 };
const LEN = 2;
const VARINT = 0;
const FIXED64 = 1;
const NANOS_PER_MS = 1_000_000;

/**
 * Writes one batched ReportRequest straight to protobuf bytes, as Envoy's mixer filter batches
 * reports: entries share one word list (default_words) and, under DELTA_ENCODING, each entry
 * carries only the attributes that changed since the previous one. Equivalent on the wire to
 * encoding each entry with encodeAttributes, without building a message object per report.
 */
export class ReportBatchWriter {
  private readonly out = new WireWriter();
  /** The entry being written (its length prefixes the entry in `out`). */
  private readonly entry = new WireWriter(1024);
  /** A map value being written (timestamps, durations, int64s, ...). */
  private readonly inner = new WireWriter(64);
  private readonly pairs: number[] = [];
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
    this.entry.reset();
    const { names, kinds } = schema;
    // The previous entry's values, aligned to this schema (by name when the schema changed).
    const before = sameSchema ? this.previous : this.alignPrevious(schema);
    for (let i = 0; i < names.length; i++) {
      const value = values[i];
      if (value === undefined || unchanged(before[i], value)) continue;
      this.writeEntry(kinds[i] as SlotKind, this.word(names[i] as string), value);
    }
    this.out.tag(1, LEN).lengthDelimited(this.entry.bytes());
    this.schema = schema;
    this.previous = values.slice();
    this.entries++;
    return true;
  }

  /** `add` for an attribute bag (tests, debug tools, TCP reports): same semantics. */
  addBag(bag: AttributeBag): boolean {
    const { schema, values } = slotsFromBag(bag);
    return this.add(schema, values);
  }

  /** The ReportRequest's bytes. The writer is spent afterwards. */
  finish(): Uint8Array {
    const w = this.out;
    for (const word of this.words.words()) w.tag(2, LEN).string(word);
    w.tag(3, VARINT).varint32(this.dictionary.size);
    // repeated_attributes_semantics DELTA_ENCODING is 0, proto3's default: not written.
    return w.bytes().slice();
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

  private alignPrevious(schema: ReportSchema): SlotValue[] {
    const previous = this.schema;
    if (previous === undefined) return [];
    const byName = new Map(previous.names.map((name, i) => [name, this.previous[i]]));
    return schema.names.map((name) => byName.get(name));
  }

  private word(word: string): number {
    return this.dictionary.indexOf(word) ?? this.words.indexOf(word);
  }

  private writeEntry(kind: SlotKind, key: number, value: Exclude<SlotValue, undefined>): void {
    if (kind === 'string') return this.writeWordPair(this.entry, FIELD.string, key, this.word(value as string));
    if (kind === 'stringMap') return this.writeStringMap(key, value as Readonly<Record<string, string>> | ReadonlyMap<string, string>);
    const v = this.inner;
    v.reset();
    v.tag(1, VARINT).sint32(key);
    switch (kind) {
      case 'int64':
        v.tag(2, VARINT).int64(value as number | bigint);
        break;
      case 'double':
        v.tag(2, FIXED64).double(value as number);
        break;
      case 'bool':
        v.tag(2, VARINT).bool(value as boolean);
        break;
      case 'timestamp': {
        const ms = value as number;
        const seconds = Math.floor(ms / 1000);
        writeSecondsNanos(v, seconds, Math.floor((ms - seconds * 1000) * NANOS_PER_MS));
        break;
      }
      case 'duration': {
        const nanos = typeof value === 'bigint' ? value : BigInt(Math.round((value as number) * NANOS_PER_MS));
        // Duration: seconds and nanos carry the same sign (bigint division truncates toward zero).
        writeSecondsNanos(v, nanos / 1_000_000_000n, Number(nanos % 1_000_000_000n));
        break;
      }
      case 'ip':
        v.tag(2, LEN).lengthDelimited(ipBytes(value as string));
        break;
      case 'bytes':
        v.tag(2, LEN).lengthDelimited(value as Uint8Array);
        break;
    }
    this.entry.tag(FIELD[kind], LEN).lengthDelimited(v.bytes());
  }

  /** A map<sint32, sint32> entry, its length known up front. */
  private writeWordPair(w: WireWriter, field: number, key: number, value: number): void {
    const k = zigzag32(key);
    const v = zigzag32(value);
    w.tag(field, LEN).varint32(2 + varint32Size(k) + varint32Size(v)).tag(1, VARINT).varint32(k).tag(2, VARINT).varint32(v);
  }

  /** A string_maps entry: {1: key, 2: StringMap{1: map<sint32, sint32>}}, sizes computed before writing. */
  private writeStringMap(key: number, map: Readonly<Record<string, string>> | ReadonlyMap<string, string>): void {
    const pairs = this.pairs;
    pairs.length = 0;
    if (map instanceof Map) for (const [k, v] of map) pairs.push(zigzag32(this.word(k)), zigzag32(this.word(v)));
    else for (const k in map) pairs.push(zigzag32(this.word(k)), zigzag32(this.word((map as Readonly<Record<string, string>>)[k] as string)));
    let mapLength = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      const pairLength = 2 + varint32Size(pairs[i] as number) + varint32Size(pairs[i + 1] as number);
      mapLength += 1 + varint32Size(pairLength) + pairLength;
    }
    const k = zigzag32(key);
    const entryLength = 1 + varint32Size(k) + 1 + varint32Size(mapLength) + mapLength;
    const w = this.entry.tag(FIELD.stringMap, LEN).varint32(entryLength).tag(1, VARINT).varint32(k).tag(2, LEN).varint32(mapLength);
    for (let i = 0; i < pairs.length; i += 2) {
      const pk = pairs[i] as number;
      const pv = pairs[i + 1] as number;
      w.tag(1, LEN).varint32(2 + varint32Size(pk) + varint32Size(pv)).tag(1, VARINT).varint32(pk).tag(2, VARINT).varint32(pv);
    }
  }
}

/** Scratch for Timestamp/Duration bodies; written and consumed synchronously, so one suffices. */
const secondsNanos = new WireWriter(24);

function writeSecondsNanos(w: WireWriter, seconds: number | bigint, nanos: number): void {
  const body = secondsNanos;
  body.reset();
  if (seconds !== 0 && seconds !== 0n) body.tag(1, VARINT).int64(seconds);
  if (nanos !== 0) body.tag(2, VARINT).int64(nanos < 0 ? BigInt(nanos) : nanos);
  w.tag(2, LEN).lengthDelimited(body.bytes());
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
