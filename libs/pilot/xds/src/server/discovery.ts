import type { Meter } from '@opentelemetry/api';
import { PilotConfig, ServiceRegistry } from '@tsmesh/pilot-registry';
import type { McpUpdate } from '@tsmesh/shared-mcp';
import type { Logger } from 'pino';
import { AdsServer } from '../ads/ads-server';
import type { XdsGenerator } from '../generators/generator';
import { ConfigStore } from '../config-store';
import { Debouncer, type DebounceOptions } from '../debouncer';
import { DEFAULT_MESH, type MeshSettings, type PushContext } from '../push-context';
import { FULL_PUSH, type PushScope } from '../ads/push-order';
import { collectConfigProblems, type ConfigProblem } from './config-problems';

/** Collections whose changes only move endpoints: such a push is EDS-only, as in Istio. */
const ENDPOINT_ONLY_COLLECTIONS: ReadonlySet<string> = new Set(['k8s/core/v1/endpoints']);

export interface DiscoveryOptions {
  readonly log: Logger;
  readonly meter: Meter;
  readonly debounce: DebounceOptions;
  readonly domainSuffix: string;
  readonly mesh?: MeshSettings;
  /** Generators by type URL; defaults to GENERATORS (one per xDS type). */
  readonly generators?: ReadonlyMap<string, XdsGenerator>;
}

/**
 * Pilot's core loop: MCP updates land in the config store, a debounced push rebuilds the
 * registry and push context, and the ADS server pushes to every proxy.
 */
export class Discovery {
  readonly ads: AdsServer;
  readonly store = new ConfigStore();
  readonly #options: DiscoveryOptions;
  readonly #debouncer: Debouncer;
  #pushCount = 0;
  #edsPushCount = 0;
  readonly #changed = new Set<string>();
  #configProblems: ConfigProblem[] = [];

  constructor(options: DiscoveryOptions) {
    this.#options = options;
    this.ads = new AdsServer({ log: options.log, meter: options.meter, generators: options.generators });
    this.#debouncer = new Debouncer(options.debounce, () => this.push());
  }

  /** MCP sink callback: applies one collection and schedules a push. */
  readonly applyUpdate = (update: McpUpdate): void => {
    if (this.store.apply(update.collection, update.version, update.resources)) {
      this.#changed.add(update.collection);
      this.#debouncer.trigger();
    }
  };

  push(): PushContext {
    const config = new PilotConfig(this.store.state());
    const push: PushContext = {
      version: this.store.version(),
      registry: ServiceRegistry.build(config, this.#options.domainSuffix),
      config,
      mesh: this.#options.mesh ?? DEFAULT_MESH,
      memo: new Map(),
    };
    const scope = this.#scopeOfChanges();
    this.#pushCount++;
    if (scope.kind === 'eds') this.#edsPushCount++;
    const started = performance.now();
    this.ads.setPushContext(push, scope);
    const ms = Math.round(performance.now() - started);
    if (scope.kind === 'full') this.#reportConfigProblems(push);
    this.#options.log.info({ version: push.version, scope: scope.kind, services: push.registry.services().length, proxies: this.ads.connections().length, ms }, 'push');
    return push;
  }

  /** EDS-only when every change since the last push was to endpoints; otherwise a full push. */
  #scopeOfChanges(): PushScope {
    const changed = [...this.#changed];
    this.#changed.clear();
    const previous = this.ads.currentPush();
    if (previous && changed.length > 0 && changed.every((c) => ENDPOINT_ONLY_COLLECTIONS.has(c))) return { kind: 'eds' };
    return FULL_PUSH;
  }

  #reportConfigProblems(push: PushContext): void {
    const previous = new Set(this.#configProblems.map((p) => `${p.source}\n${p.message}`));
    try {
      this.#configProblems = collectConfigProblems(push, this.ads.connections());
    } catch (err) {
      this.#options.log.error({ reason: (err as Error).message }, 'push: cannot check config problems');
      return;
    }
    for (const p of this.#configProblems) {
      if (!previous.has(`${p.source}\n${p.message}`)) this.#options.log.warn({ source: p.source }, `config left out of the push: ${p.source}: ${p.message}`);
    }
  }

  /** Istio config the generators left out in the last full push, with the resource it came from. */
  configProblems(): readonly ConfigProblem[] {
    return this.#configProblems;
  }

  /** Pushes so far: all, and how many of them were EDS-only. */
  pushStats(): { total: number; edsOnly: number } {
    return { total: this.#pushCount, edsOnly: this.#edsPushCount };
  }

  pushCount(): number {
    return this.#pushCount;
  }

  stop(): void {
    this.#debouncer.stop();
    this.ads.closeAll();
  }
}
