import { credentials as grpcCredentials, type ChannelCredentials, type ClientDuplexStream, status } from '@grpc/grpc-js';
import { RequestResources, ResourceSourceClient, type Resources } from '@tsmesh/contracts/istio/mcp/v1alpha1/mcp';
import { describeError } from '@tsmesh/shared-errors';
import { Backoff, createGrpcClient, runWithReconnect } from '@tsmesh/shared-runtime';
import type { Logger } from 'pino';
import { decodeResource, type McpResource } from './resource';

export interface McpUpdate {
  readonly collection: string;
  readonly version: string;
  readonly resources: readonly McpResource[];
}

export interface McpSinkOptions {
  /** `host:port` of the MCP source (galley). */
  readonly address: string;
  /** Identifies this sink to the source, e.g. `pilot-<pod>`. */
  readonly sinkId: string;
  readonly collections: readonly string[];
  readonly log: Logger;
  /**
   * Applies one collection's full state. Throwing rejects the update: the source gets a NACK
   * with the reason, and the sink keeps what it had.
   */
  readonly onUpdate: (update: McpUpdate) => void;
  readonly onConnectionChange?: (connected: boolean) => void;
  readonly credentials?: ChannelCredentials;
  readonly backoff?: Backoff;
}

export interface McpSink {
  connected(): boolean;
  stop(): void;
}

/**
 * The sink side of `istio.mcp.v1alpha1.ResourceSource/EstablishResourceStream`, as pilot and
 * mixer use it: one request per collection, then an ACK (or NACK) for every push. Reconnects
 * with backoff; what was applied stays applied while the source is away.
 */
export function startMcpSink(options: McpSinkOptions): McpSink {
  const client = createGrpcClient(ResourceSourceClient, options.address, {
    credentials: options.credentials ?? grpcCredentials.createInsecure(),
  });
  let isConnected = false;
  const setConnected = (value: boolean): void => {
    if (isConnected === value) return;
    isConnected = value;
    options.onConnectionChange?.(value);
  };
  const stopLoop = runWithReconnect({
    name: `mcp-sink ${options.address}`,
    log: options.log,
    backoff: options.backoff ?? new Backoff({ initialMs: 100, maxMs: 15_000, multiplier: 2, jitter: 0.2 }),
    connect: (signal) =>
      new Promise<void>((resolve, reject) => {
        const stream = client.establishResourceStream();
        signal.addEventListener('abort', () => stream.cancel(), { once: true });
        for (const collection of options.collections) {
          stream.write(request(options.sinkId, collection, ''));
        }
        stream.on('data', (message: Resources) => {
          setConnected(true);
          handlePush(stream, message, options);
        });
        stream.on('error', (err: Error & { code?: number }) => {
          setConnected(false);
          if (err.code === status.CANCELLED && signal.aborted) resolve();
          else reject(err);
        });
        stream.on('end', () => {
          setConnected(false);
          resolve();
        });
      }),
  });
  return {
    connected: () => isConnected,
    stop: () => {
      stopLoop();
      client.close();
    },
  };
}

function request(sinkId: string, collection: string, nonce: string, error?: string): RequestResources {
  return RequestResources.fromPartial({
    sinkNode: { id: sinkId, annotations: {} },
    collection,
    responseNonce: nonce,
    incremental: false,
    errorDetail: error === undefined ? undefined : { code: status.INVALID_ARGUMENT, message: error, details: [] },
  });
}

function handlePush(stream: ClientDuplexStream<RequestResources, Resources>, message: Resources, options: McpSinkOptions): void {
  try {
    const resources = message.resources.map((r) => decodeResource(r, message.collection));
    options.onUpdate({ collection: message.collection, version: message.systemVersionInfo, resources });
    stream.write(request(options.sinkId, message.collection, message.nonce));
  } catch (err) {
    const reason = describeError(err);
    options.log.warn({ collection: message.collection, nonce: message.nonce, reason }, 'mcp: rejecting push (NACK)');
    stream.write(request(options.sinkId, message.collection, message.nonce, reason));
  }
}
