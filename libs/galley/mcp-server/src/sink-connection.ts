import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { RequestResources, Resources } from '@tsmesh/contracts/istio/mcp/v1alpha1/mcp';
import type { Resource } from '@tsmesh/contracts/istio/mcp/v1alpha1/resource';
import type { CollectionSnapshot } from '@tsmesh/galley-source';
import type { McpResource } from '@tsmesh/shared-mcp';

/** Per-collection push state of one sink. */
export interface CollectionWatch {
  readonly collection: string;
  sentVersion?: string;
  sentNonce?: string;
  ackedVersion?: string;
  /** True between a push and the sink's ACK/NACK of it: MCP allows one push in flight per collection. */
  awaitingAck: boolean;
  lastNack?: string;
}

export interface SinkConnectionDeps {
  readonly current: (collection: string) => CollectionSnapshot | undefined;
  readonly encode: (collection: string, resource: McpResource) => Resource;
  readonly onNack: (watch: CollectionWatch, reason: string) => void;
}

export class SinkConnection {
  sinkId = '(unknown)';
  readonly #call: ServerDuplexStream<RequestResources, Resources>;
  readonly #deps: SinkConnectionDeps;
  readonly #watches = new Map<string, CollectionWatch>();
  #nonce = 0;
  #closed = false;

  constructor(call: ServerDuplexStream<RequestResources, Resources>, deps: SinkConnectionDeps) {
    this.#call = call;
    this.#deps = deps;
  }

  handleRequest(req: RequestResources): void {
    if (req.sinkNode?.id) this.sinkId = req.sinkNode.id;
    let watch = this.#watches.get(req.collection);
    if (!watch) {
      watch = { collection: req.collection, awaitingAck: false };
      this.#watches.set(req.collection, watch);
    }
    if (req.responseNonce !== '') {
      // A response to something other than our latest push is stale; the latest will be answered too.
      if (req.responseNonce !== watch.sentNonce) return;
      watch.awaitingAck = false;
      if (req.errorDetail && req.errorDetail.code !== 0) {
        watch.lastNack = req.errorDetail.message;
        this.#deps.onNack(watch, req.errorDetail.message);
        return;
      }
      watch.ackedVersion = watch.sentVersion;
      watch.lastNack = undefined;
    }
    this.#push(watch);
  }

  /** Called when a new snapshot is available. */
  offer(): void {
    for (const watch of this.#watches.values()) this.#push(watch);
  }

  close(): void {
    this.#closed = true;
    this.#call.end();
  }

  describe(): unknown {
    return {
      sink: this.sinkId,
      peer: this.#call.getPeer(),
      collections: Object.fromEntries(
        [...this.#watches.values()].map((w) => [w.collection, { sent: w.sentVersion, acked: w.ackedVersion, awaitingAck: w.awaitingAck, lastNack: w.lastNack }]),
      ),
    };
  }

  #push(watch: CollectionWatch): void {
    if (this.#closed || watch.awaitingAck) return;
    const current = this.#deps.current(watch.collection);
    if (!current || current.version === watch.sentVersion) return;
    const nonce = String(++this.#nonce);
    watch.sentVersion = current.version;
    watch.sentNonce = nonce;
    watch.awaitingAck = true;
    this.#call.write({
      systemVersionInfo: current.version,
      collection: watch.collection,
      resources: current.resources.map((r) => this.#deps.encode(watch.collection, r)),
      removedResources: [],
      nonce,
      incremental: false,
    });
  }
}
