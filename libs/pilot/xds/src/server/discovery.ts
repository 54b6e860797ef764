import type { Meter } from '@opentelemetry/api';
import { PilotConfig, ServiceRegistry } from '@tsmesh/pilot-registry';
import type { McpUpdate } from '@tsmesh/shared-mcp';
import type { Logger } from 'pino';
import { AdsServer } from '../ads/ads-server';
import { ConfigStore } from '../config-store';
import { Debouncer, type DebounceOptions } from '../debouncer';
import { DEFAULT_MESH, type MeshSettings, type PushContext } from '../push-context';

export interface DiscoveryOptions {
  readonly log: Logger;
  readonly meter: Meter;
  readonly debounce: DebounceOptions;
  readonly domainSuffix: string;
  readonly mesh?: MeshSettings;
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

  constructor(options: DiscoveryOptions) {
    this.#options = options;
    this.ads = new AdsServer({ log: options.log, meter: options.meter });
    this.#debouncer = new Debouncer(options.debounce, () => this.push());
  }

  /** MCP sink callback: applies one collection and schedules a push. */
  readonly applyUpdate = (update: McpUpdate): void => {
    if (this.store.apply(update.collection, update.version, update.resources)) this.#debouncer.trigger();
  };

  push(): PushContext {
    const config = new PilotConfig(this.store.state());
    const push: PushContext = {
      version: this.store.version(),
      registry: ServiceRegistry.build(config, this.#options.domainSuffix),
      config,
      mesh: this.#options.mesh ?? DEFAULT_MESH,
    };
    this.#pushCount++;
    this.#options.log.info({ version: push.version, services: push.registry.services().length, proxies: this.ads.connections().length }, 'push');
    this.ads.setPushContext(push);
    return push;
  }

  pushCount(): number {
    return this.#pushCount;
  }

  stop(): void {
    this.#debouncer.stop();
    this.ads.closeAll();
  }
}
