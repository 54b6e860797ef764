import type { ChannelOptions } from '@grpc/grpc-js';

/** Istio sends whole xDS snapshots and certificate chains in single messages; 4 MiB is too small. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface ConnectionTuning {
  /** Max size of one message sent or received; default 16 MiB. */
  readonly maxMessageBytes?: number;
  /** Interval between HTTP/2 keepalive pings; default 30s. */
  readonly keepaliveTimeMs?: number;
  /** How long to wait for a ping ack before dropping the connection; default 10s. */
  readonly keepaliveTimeoutMs?: number;
}

/**
 * Options shared by servers and clients. Keepalive pings, also without calls in flight, detect
 * peers that vanished without a FIN (a killed pod, a dropped NAT entry) on long-lived xDS and
 * MCP streams, which would otherwise hang until TCP gives up minutes later.
 */
export function connectionOptions(tuning: ConnectionTuning = {}): ChannelOptions {
  const maxMessageBytes = tuning.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  return {
    'grpc.keepalive_time_ms': tuning.keepaliveTimeMs ?? 30_000,
    'grpc.keepalive_timeout_ms': tuning.keepaliveTimeoutMs ?? 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.max_receive_message_length': maxMessageBytes,
  };
}
