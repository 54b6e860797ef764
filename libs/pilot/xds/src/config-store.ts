import { contentVersionOf, type McpResource } from './version';

/**
 * Config pilot received over MCP, one full-state list per collection. Each `apply` replaces a
 * collection; `state()` is a consistent read-only copy for building a push context.
 */
export class ConfigStore {
  readonly #collections = new Map<string, { version: string; resources: readonly McpResource[] }>();

  apply(collection: string, version: string, resources: readonly McpResource[]): boolean {
    const previous = this.#collections.get(collection);
    if (previous?.version === version) return false;
    this.#collections.set(collection, { version, resources });
    return true;
  }

  state(): ReadonlyMap<string, readonly McpResource[]> {
    return new Map([...this.#collections].map(([name, c]) => [name, c.resources]));
  }

  /** A version that changes whenever any collection changes. */
  version(): string {
    return contentVersionOf([...this.#collections].map(([name, c]) => `${name}@${c.version}`).sort());
  }

  collections(): Record<string, { version: string; count: number }> {
    return Object.fromEntries([...this.#collections].map(([name, c]) => [name, { version: c.version, count: c.resources.length }]));
  }
}
