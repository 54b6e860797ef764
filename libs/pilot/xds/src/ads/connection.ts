import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { DiscoveryRequest, DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import type { XdsGenerator } from '../generators/generator';
import { type Proxy, proxyFromNode } from '../proxy';
import type { PushContext } from '../push-context';

/** Push state of one type URL on one connection. */
export interface TypeWatch {
  readonly typeUrl: string;
  names: readonly string[];
  sentVersion?: string;
  sentNonce?: string;
  ackedVersion?: string;
  lastNack?: { version: string; nonce: string; message: string; at: string };
}

export interface ConnectionEvents {
  readonly onPush: (conn: AdsConnection, typeUrl: string, count: number) => void;
  readonly onNack: (conn: AdsConnection, watch: TypeWatch, message: string) => void;
}

/** One ADS stream: a proxy, what it watches, and what it has acknowledged. */
export class AdsConnection {
  readonly id: string;
  readonly connectedAt = new Date().toISOString();
  proxy: Proxy | undefined;
  readonly watches = new Map<string, TypeWatch>();
  readonly #call: ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>;
  readonly #generators: ReadonlyMap<string, XdsGenerator>;
  readonly #events: ConnectionEvents;
  #nonce = 0;

  constructor(id: string, call: ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>, generators: ReadonlyMap<string, XdsGenerator>, events: ConnectionEvents) {
    this.id = id;
    this.#call = call;
    this.#generators = generators;
    this.#events = events;
  }

  get peer(): string {
    return this.#call.getPeer();
  }

  /**
   * Handles one DiscoveryRequest. Throws BadRequestError for an unusable first request
   * (no or malformed node); the server turns that into a stream error.
   */
  handleRequest(req: DiscoveryRequest, push: PushContext | undefined): void {
    this.proxy ??= proxyFromNode(req.node);
    const generator = this.#generators.get(req.typeUrl);
    if (!generator) return; // Unknown types are ignored, as Envoy expects from a management server.
    let watch = this.watches.get(req.typeUrl);
    const isInitial = req.responseNonce === '' || !watch;
    if (!watch) {
      watch = { typeUrl: req.typeUrl, names: req.resourceNames };
      this.watches.set(req.typeUrl, watch);
    }
    if (!isInitial) {
      if (req.responseNonce !== watch.sentNonce) return; // stale: a newer response is in flight
      if (req.errorDetail && req.errorDetail.code !== 0) {
        watch.lastNack = { version: watch.sentVersion ?? '', nonce: req.responseNonce, message: req.errorDetail.message, at: new Date().toISOString() };
        this.#events.onNack(this, watch, req.errorDetail.message);
        return;
      }
      watch.ackedVersion = req.versionInfo;
      watch.lastNack = undefined;
      const namesChanged = generator.namedResources && !sameNames(watch.names, req.resourceNames);
      watch.names = req.resourceNames;
      if (!namesChanged) return;
    }
    watch.names = req.resourceNames;
    if (push) this.#send(watch, generator, push);
  }

  /** Sends every watched type whose content may have changed with this push. */
  push(push: PushContext): void {
    for (const watch of this.watches.values()) {
      const generator = this.#generators.get(watch.typeUrl);
      if (generator && watch.sentVersion !== push.version) this.#send(watch, generator, push);
    }
  }

  end(): void {
    this.#call.end();
  }

  #send(watch: TypeWatch, generator: XdsGenerator, push: PushContext): void {
    if (!this.proxy) return;
    const generated = generator.generate(this.proxy, push, watch.names);
    const nonce = `${push.version}-${++this.#nonce}`;
    watch.sentVersion = push.version;
    watch.sentNonce = nonce;
    this.#call.write({
      versionInfo: push.version,
      resources: generated.map((g) => g.resource),
      canary: false,
      typeUrl: watch.typeUrl,
      nonce,
      controlPlane: { identifier: 'tsmesh-pilot' },
    });
    this.#events.onPush(this, watch.typeUrl, generated.length);
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((n) => set.has(n));
}
