import * as grpc from '@grpc/grpc-js';
import { formatHostPort, toBindError } from '../net/address';
import { connectionOptions, type ConnectionTuning } from './options';
import { traceService } from './tracing';

export interface GrpcServiceBinding {
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
}

export interface StartGrpcServerOptions extends ConnectionTuning {
  readonly host: string;
  /** 0 picks a free port; read the real one from `server.port`. */
  readonly port: number;
  readonly services: readonly GrpcServiceBinding[];
  /** Default: insecure (plaintext). */
  readonly credentials?: grpc.ServerCredentials;
  /** Extra raw channel options, applied last. */
  readonly options?: grpc.ChannelOptions;
  /** Names the listener in BindError messages, e.g. `xDS gRPC server`; default `gRPC server`. */
  readonly label?: string;
  /** Flag to blame in BindError's field, e.g. `--grpc-port`. */
  readonly portFlag?: string;
}

export interface GrpcServerHandle {
  readonly server: grpc.Server;
  readonly host: string;
  /** The bound port. */
  readonly port: number;
  /** `host:port` for clients. */
  readonly address: string;
  /**
   * Stops accepting calls and waits for running ones (including open streams) for up to
   * `graceMs`, then cancels whatever is left. Safe to call more than once.
   */
  close(graceMs?: number): Promise<void>;
}

/** Binds, registers services and starts serving; a busy port becomes a BindError naming host:port. */
export async function startGrpcServer(options: StartGrpcServerOptions): Promise<GrpcServerHandle> {
  const server = new grpc.Server({ ...connectionOptions(options), ...options.options });
  for (const service of options.services) server.addService(service.definition, traceService(service.definition, service.implementation));
  const credentials = options.credentials ?? grpc.ServerCredentials.createInsecure();
  const label = options.label ?? 'gRPC server';

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(formatHostPort(options.host, options.port), credentials, (err, boundPort) =>
      err ? reject(toBindError(err, label, options.host, options.port, options.portFlag)) : resolve(boundPort),
    );
  }).catch((err: unknown) => {
    server.forceShutdown();
    throw err;
  });

  let closing: Promise<void> | undefined;
  return {
    server,
    host: options.host,
    port,
    address: formatHostPort(options.host, port),
    close(graceMs = 5_000) {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closing;
    },
  };
}
