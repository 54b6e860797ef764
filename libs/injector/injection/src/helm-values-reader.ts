import { ConfigError } from '@tsmesh/shared-errors';
import { isPlainObject, type ResourceRequirements } from './kube-types';
import { labelSelectorError, type LabelSelector } from './label-selector';
import { canonicalQuantity, quantityError } from './resource-quantity';

// Typed reads of dotted paths (global.proxy.statusPort) from a parsed Helm values document.
// A missing or null key yields the default; a value of the wrong type is a ConfigError that
// names the path and the file, so a bad values file is fixed in one go.

export class HelmValuesReader {
  constructor(
    private readonly root: Record<string, unknown>,
    private readonly source: string,
  ) {}

  private fail(path: string, reason: string): never {
    throw new ConfigError(reason, { field: path, source: this.source });
  }

  private lookup(path: string): unknown {
    let node: unknown = this.root;
    for (const key of path.split('.')) {
      if (!isPlainObject(node)) return undefined;
      node = node[key];
    }
    return node ?? undefined;
  }

  string(path: string, fallback: string): string {
    const value = this.lookup(path);
    if (value === undefined) return fallback;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.fail(path, 'must be a string');
  }

  boolean(path: string, fallback: boolean): boolean {
    const value = this.lookup(path);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return this.fail(path, 'must be true or false');
  }

  integer(path: string, fallback: number, max = 0xffffffff): number {
    const value = this.lookup(path);
    if (value === undefined) return fallback;
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > max) {
      return this.fail(path, `must be an integer between 0 and ${max}`);
    }
    return number;
  }

  oneOf<T extends string>(path: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(path, fallback);
    return (allowed as readonly string[]).includes(value) ? (value as T) : this.fail(path, `must be one of ${allowed.join(', ') || '""'}`);
  }

  strings(path: string, fallback: readonly string[]): readonly string[] {
    const value = this.lookup(path);
    if (value === undefined) return fallback;
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value;
    return this.fail(path, 'must be a list of strings');
  }

  selectors(path: string): readonly LabelSelector[] {
    const value = this.lookup(path) ?? [];
    if (!Array.isArray(value)) return this.fail(path, 'must be a list of label selectors');
    value.forEach((entry: unknown, index) => {
      const reason = labelSelectorError(entry);
      if (reason) this.fail(`${path}[${index}]`, reason);
    });
    return value as LabelSelector[];
  }

  resources(path: string, fallback: ResourceRequirements): ResourceRequirements {
    const value = this.lookup(path);
    if (value === undefined) return fallback;
    if (!isPlainObject(value)) return this.fail(path, 'must be an object with requests/limits');
    const out: Record<string, Record<string, string>> = {};
    for (const group of ['requests', 'limits']) {
      const list = value[group];
      if (list === undefined || list === null) continue;
      if (!isPlainObject(list)) return this.fail(`${path}.${group}`, 'must be a map of quantities');
      out[group] = Object.fromEntries(
        Object.entries(list).map(([name, quantity]) => {
          const reason = quantityError(String(quantity));
          if (reason) this.fail(`${path}.${group}.${name}`, reason);
          return [name, canonicalQuantity(String(quantity))];
        }),
      );
    }
    return out;
  }
}

