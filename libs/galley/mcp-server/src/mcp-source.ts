import { type ServerDuplexStream, status } from '@grpc/grpc-js';
import type { RequestResources, Resources, ResourceSourceServer } from '@tsmesh/contracts/istio/mcp/v1alpha1/mcp';
import { ResourceSourceService } from '@tsmesh/contracts/istio/mcp/v1alpha1/mcp';
import type { Snapshot } from '@tsmesh/galley-source';
import type { Resource } from '@tsmesh/contracts/istio/mcp/v1alpha1/resource';
import { collectionByName, encodeResource, type McpResource } from '@tsmesh/shared-mcp';
import type { Logger } from 'pino';
import { type CollectionWatch, SinkConnection } from './sink-connection';

export interface NackRecord {
  readonly sink: string;
  readonly collection: string;
  readonly version: string;
  readonly nonce: string;
  readonly reason: string;
  readonly at: string;
}

const MAX_NACK_HISTORY = 100;

/**
 * Serves snapshots over `istio.mcp.v1alpha1.ResourceSource`. Each sink subscribes to its own
 * collections; a push goes out when a collection's version changes and the sink has
 * acknowledged the previous push of that collection.
 */
export class McpSource {
  readonly #log: Logger;
  readonly #connections = new Set<SinkConnection>();
  readonly #nacks: NackRecord[] = [];
  /** Wire form of each resource version, so a push re-encodes only what changed. */
  #encoded = new Map<string, Resource>();
  #snapshot: Snapshot | undefined;

  constructor(log: Logger) {
    this.#log = log;
  }

  get service(): { definition: typeof ResourceSourceService; implementation: ResourceSourceServer } {
    return { definition: ResourceSourceService, implementation: { establishResourceStream: (call) => this.#accept(call) } };
  }

  setSnapshot(snapshot: Snapshot): void {
    this.#snapshot = snapshot;
    const live = new Set<string>();
    for (const [collection, c] of snapshot.collections) for (const r of c.resources) live.add(encodedKey(collection, r));
    for (const key of this.#encoded.keys()) if (!live.has(key)) this.#encoded.delete(key);
    for (const conn of this.#connections) conn.offer();
  }

  sinkCount(): number {
    return this.#connections.size;
  }

  /** Debug view: every connected sink with per-collection sent/acked versions, plus recent NACKs. */
  status(): { snapshotVersion: string | undefined; sinks: unknown[]; nacks: readonly NackRecord[] } {
    return { snapshotVersion: this.#snapshot?.version, sinks: [...this.#connections].map((c) => c.describe()), nacks: this.#nacks };
  }

  closeAll(): void {
    for (const conn of this.#connections) conn.close();
  }

  #accept(call: ServerDuplexStream<RequestResources, Resources>): void {
    const conn = new SinkConnection(call, {
      current: (collection) => this.#snapshot?.collections.get(collection),
      encode: (collection, resource) => {
        const key = encodedKey(collection, resource);
        let wire = this.#encoded.get(key);
        if (!wire) this.#encoded.set(key, (wire = encodeResource(resource, collection)));
        return wire;
      },
      onNack: (watch: CollectionWatch, reason: string) => this.#recordNack(conn.sinkId, watch, reason),
    });
    this.#connections.add(conn);
    this.#log.info({ peer: call.getPeer() }, 'mcp: sink connected');
    const drop = (): void => {
      if (!this.#connections.delete(conn)) return;
      this.#log.info({ sink: conn.sinkId, peer: call.getPeer() }, 'mcp: sink disconnected');
    };
    call.on('data', (req: RequestResources) => {
      if (!collectionByName(req.collection)) {
        call.emit('error', { code: status.INVALID_ARGUMENT, details: `unknown MCP collection "${req.collection}"` });
        drop();
        return;
      }
      conn.handleRequest(req);
    });
    call.on('end', () => {
      drop();
      call.end();
    });
    call.on('error', drop);
    call.on('cancelled', drop);
  }

  #recordNack(sink: string, watch: CollectionWatch, reason: string): void {
    const record: NackRecord = { sink, collection: watch.collection, version: watch.sentVersion ?? '', nonce: watch.sentNonce ?? '', reason, at: new Date().toISOString() };
    this.#log.warn(record, 'mcp: sink rejected a push (NACK)');
    this.#nacks.push(record);
    if (this.#nacks.length > MAX_NACK_HISTORY) this.#nacks.shift();
  }
}

function encodedKey(collection: string, resource: McpResource): string {
  return `${collection}|${resource.name}|${resource.version}`;
}
