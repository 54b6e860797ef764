import type { AttributeValue } from './attribute-value';

type BagEntries = Iterable<readonly [string, AttributeValue]> | Readonly<Record<string, AttributeValue>>;

/**
 * An immutable set of named attributes: what a proxy reports about one request or connection,
 * and what mixer evaluates rules against. Every "change" returns a new bag, so a bag handed to
 * an adapter, a batch or a debug view can never shift under anyone's feet.
 */
export class AttributeBag implements ReadonlyMap<string, AttributeValue> {
  static readonly empty = new AttributeBag(new Map());

  private constructor(private readonly attributes: ReadonlyMap<string, AttributeValue>) {}

  static of(entries: BagEntries): AttributeBag {
    const iterable = Symbol.iterator in entries ? (entries as Iterable<readonly [string, AttributeValue]>) : Object.entries(entries);
    return new AttributeBag(new Map(iterable));
  }

  get size(): number {
    return this.attributes.size;
  }

  get(name: string): AttributeValue | undefined {
    return this.attributes.get(name);
  }

  has(name: string): boolean {
    return this.attributes.has(name);
  }

  /** A bag with `name` set to `value` (replacing any earlier value). */
  with(name: string, value: AttributeValue): AttributeBag {
    return new AttributeBag(new Map(this.attributes).set(name, value));
  }

  /** A bag without `name`. */
  without(name: string): AttributeBag {
    if (!this.attributes.has(name)) return this;
    const next = new Map(this.attributes);
    next.delete(name);
    return new AttributeBag(next);
  }

  /** This bag overlaid with `other`: other's values win. This is how a delta entry applies. */
  merge(other: AttributeBag): AttributeBag {
    if (other.size === 0) return this;
    if (this.size === 0) return other;
    return new AttributeBag(new Map([...this.attributes, ...other.attributes]));
  }

  /** Attribute names, sorted, for stable output. */
  names(): string[] {
    return [...this.attributes.keys()].sort();
  }

  forEach(callback: (value: AttributeValue, name: string, bag: ReadonlyMap<string, AttributeValue>) => void): void {
    this.attributes.forEach((value, name) => callback(value, name, this));
  }

  entries(): MapIterator<[string, AttributeValue]> {
    return this.attributes.entries();
  }

  keys(): MapIterator<string> {
    return this.attributes.keys();
  }

  values(): MapIterator<AttributeValue> {
    return this.attributes.values();
  }

  [Symbol.iterator](): MapIterator<[string, AttributeValue]> {
    return this.attributes.entries();
  }
}
