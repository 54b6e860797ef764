import * as grpc from '@grpc/grpc-js';

/**
 * A tiny gRPC test service, `greeter.Greeter/SayHello`, with strings as messages (a custom
 * codec instead of protobuf: the test is about routing, not payloads). Each server answers with
 * its version, so the caller can tell which backend a call reached.
 */
export const SAY_HELLO = '/greeter.Greeter/SayHello';
const toBuffer = (s: string) => Buffer.from(s, 'utf8');
const fromBuffer = (b: Buffer) => b.toString('utf8');

const definition: grpc.ServiceDefinition = {
  SayHello: {
    path: SAY_HELLO,
    requestStream: false,
    responseStream: false,
    requestSerialize: toBuffer,
    requestDeserialize: fromBuffer,
    responseSerialize: toBuffer,
    responseDeserialize: fromBuffer,
  },
};

export interface GreeterServer {
  readonly version: string;
  readonly address: string;
  close(): Promise<void>;
}

export async function startGreeter(host: string, port: number, version: string): Promise<GreeterServer> {
  const server = new grpc.Server();
  server.addService(definition, {
    SayHello: (call: grpc.ServerUnaryCall<string, string>, callback: grpc.sendUnaryData<string>) => callback(null, `${version}:${call.request}`),
  });
  await new Promise<number>((resolve, reject) => server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return {
    version,
    address: `${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** Calls SayHello once and resolves with the version of the backend that answered. */
export function sayHello(client: grpc.Client, name: string, metadata = new grpc.Metadata(), deadlineMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest<string, string>(SAY_HELLO, toBuffer, fromBuffer, name, metadata, { deadline: Date.now() + deadlineMs }, (err, reply) => {
      if (err || reply === undefined) reject(err ?? new Error('empty reply'));
      else resolve(reply.split(':')[0] ?? '');
    });
  });
}
