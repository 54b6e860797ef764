import * as grpc from '@grpc/grpc-js';
import { connectionOptions, type ConnectionTuning } from './options';

/** The shape of ts-proto (and grpc-js generic) client constructors. */
export type GrpcClientConstructor<C> = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: Partial<grpc.ClientOptions>,
) => C;

export interface CreateGrpcClientOptions extends ConnectionTuning {
  /** Default: insecure (plaintext). */
  readonly credentials?: grpc.ChannelCredentials;
  /** First reconnect delay of the channel after a transport failure; default 1s. */
  readonly initialReconnectBackoffMs?: number;
  /** Upper bound of the channel's reconnect delay; default 15s, so a restarted peer is found quickly. */
  readonly maxReconnectBackoffMs?: number;
  /** Extra raw channel options, applied last. */
  readonly options?: Partial<grpc.ClientOptions>;
}

/** Creates a client with keepalive, message size limits and bounded reconnect backoff on its channel. */
export function createGrpcClient<C>(
  ClientCtor: GrpcClientConstructor<C>,
  address: string,
  options: CreateGrpcClientOptions = {},
): C {
  return new ClientCtor(address, options.credentials ?? grpc.credentials.createInsecure(), {
    ...connectionOptions(options),
    'grpc.initial_reconnect_backoff_ms': options.initialReconnectBackoffMs ?? 1_000,
    'grpc.max_reconnect_backoff_ms': options.maxReconnectBackoffMs ?? 15_000,
    ...options.options,
  });
}
