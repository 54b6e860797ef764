import { flag } from '@tsmesh/shared-runtime';

// Mixer's flags. Istio 1.2's `mixs server` spells them --port and --maxMessageSize; the names
// here follow tsmesh's kebab-case, the defaults follow mixs.
export const mixerConfig = {
  grpcPort: flag.port({
    flag: 'grpc-port',
    env: 'MIXER_GRPC_PORT',
    default: 9091,
    description: 'istio.mixer.v1.Mixer gRPC API port (Check and Report); 0 picks a free port',
  }),
  maxMessageSize: flag.integer({
    flag: 'max-message-size',
    env: 'MIXER_MAX_MESSAGE_SIZE',
    default: 1024 * 1024,
    min: 1024,
    max: 256 * 1024 * 1024,
    description: 'largest gRPC message accepted or sent, in bytes (mixs default: 1 MiB)',
  }),
  galleyAddress: flag.string({
    flag: 'galley-address',
    env: 'GALLEY_ADDRESS',
    description: 'host:port of galley MCP serving mixer config (rules, handlers, instances); recorded only: this mixer does not subscribe to config yet',
  }),
};
