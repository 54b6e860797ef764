import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { logVerbosity, setLogVerbosity, status, type ServiceError } from '@grpc/grpc-js';
import {
  IstioCertificateServiceClient,
  IstioCertificateServiceService,
  type IstioCertificateRequest,
  type IstioCertificateResponse,
  type IstioCertificateServiceServer,
} from '@tsmesh/contracts/istio/security/v1alpha1/istioca';
import { BindError, describeError, isMeshError } from '@tsmesh/shared-errors';
import { createGrpcClient } from './client';
import { startGrpcServer, type GrpcServerHandle } from './server';

function sign(client: IstioCertificateServiceClient, request: IstioCertificateRequest): Promise<IstioCertificateResponse> {
  return new Promise((resolve, reject) =>
    client.createCertificate(request, (err, response) => (err ? reject(err) : resolve(response))),
  );
}

const csrRequest = (csr: string): IstioCertificateRequest => ({ csr, subjectId: '', validityDuration: '0' });

const echoCa: IstioCertificateServiceServer = {
  createCertificate(call, callback) {
    if (call.request.csr === 'hang') return; // never answers: used to test close(grace)
    callback(null, { certChain: [`signed:${call.request.csr}`, 'root'] });
  },
};

describe('startGrpcServer / createGrpcClient', () => {
  let server: GrpcServerHandle;
  const clients: IstioCertificateServiceClient[] = [];
  const client = (address: string, maxMessageBytes?: number): IstioCertificateServiceClient => {
    const created = createGrpcClient(IstioCertificateServiceClient, address, { maxMessageBytes });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [{ definition: IstioCertificateServiceService, implementation: echoCa }],
      maxMessageBytes: 64 * 1024,
    });
  });

  afterAll(async () => {
    for (const created of clients) created.close();
    await server.close(100);
  });

  it('binds port 0 and serves a unary round trip', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
    await expect(sign(client(server.address), csrRequest('CSR'))).resolves.toEqual({
      certChain: ['signed:CSR', 'root'],
    });
  });

  it('enforces the configured max message size', async () => {
    const big = 'x'.repeat(100 * 1024);
    const err = (await sign(client(server.address), csrRequest(big)).catch((e: unknown) => e)) as ServiceError;
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    const smallClient = client(server.address, 1024);
    const clientSide = (await sign(smallClient, csrRequest('y'.repeat(2048))).catch((e: unknown) => e)) as ServiceError;
    expect(clientSide.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('turns a busy port into a BindError naming host:port and the flag', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busyPort = (blocker.address() as AddressInfo).port;
    setLogVerbosity(logVerbosity.NONE); // grpc-js would also print the bind failure to stderr
    try {
      const err = await startGrpcServer({ host: '127.0.0.1', port: busyPort, services: [], label: 'xDS gRPC server', portFlag: '--grpc-port' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isMeshError(err, BindError)).toBe(true);
      expect(describeError(err)).toBe(`TSM_BIND_FAILED: --grpc-port: xDS gRPC server cannot listen on 127.0.0.1:${busyPort}: address already in use`);
    } finally {
      setLogVerbosity(logVerbosity.ERROR);
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('close(grace) cancels calls still running after the grace period', async () => {
    const hanging = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [{ definition: IstioCertificateServiceService, implementation: echoCa }],
    });
    const pending = sign(client(hanging.address), csrRequest('hang')).catch((e: unknown) => e as ServiceError);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the call reach the server
    const started = Date.now();
    await hanging.close(200);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2_000);
    const err = await pending;
    expect([status.CANCELLED, status.UNAVAILABLE, status.INTERNAL]).toContain((err as ServiceError).code);
    await expect(hanging.close()).resolves.toBeUndefined();
  });
});
