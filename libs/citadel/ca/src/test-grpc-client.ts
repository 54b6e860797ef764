import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  type IstioCertificateResponse,
  IstioCertificateServiceClient,
} from '@tsmesh/contracts/istio/security/v1alpha1/istioca';

// Test-only: a real grpc-js client for Citadel, and an in-memory OTel meter to read counters.

export interface TestClientOptions {
  readonly rootPem: string;
  readonly clientCert?: { certChainPem: string; keyPem: string };
  /** Receives the SANs of the server certificate seen in the handshake. */
  readonly onServerCert?: (subjectAltName: string) => void;
}

export function citadelClient(port: number, options: TestClientOptions): IstioCertificateServiceClient {
  const creds = credentials.createSsl(
    Buffer.from(options.rootPem),
    options.clientCert ? Buffer.from(options.clientCert.keyPem) : null,
    options.clientCert ? Buffer.from(options.clientCert.certChainPem) : null,
    {
      checkServerIdentity: (_host: string, cert: PeerCertificate) => {
        options.onServerCert?.(cert.subjectaltname ?? '');
        return undefined;
      },
    },
  );
  return new IstioCertificateServiceClient(`127.0.0.1:${port}`, creds, { 'grpc.ssl_target_name_override': 'istio-citadel' });
}

export type CallOutcome = { ok: true; certChain: string[] } | { ok: false; code: number; details: string };

export function requestCertificate(
  client: IstioCertificateServiceClient,
  request: { csr: string; validityDuration?: string; token?: string },
): Promise<CallOutcome> {
  const metadata = new Metadata();
  if (request.token !== undefined) metadata.set('authorization', `Bearer ${request.token}`);
  return new Promise((resolve) => {
    client.createCertificate(
      { csr: request.csr, subjectId: '', validityDuration: request.validityDuration ?? '0' },
      metadata,
      { deadline: new Date(Date.now() + 10_000) },
      (err: ServiceError | null, response?: IstioCertificateResponse) =>
        resolve(err ? { ok: false, code: err.code, details: err.details } : { ok: true, certChain: response?.certChain ?? [] }),
    );
  });
}

/** A pull reader: nothing to flush or shut down, metrics are read with collect(). */
class CollectingReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** A real OTel meter whose counters a spec can read back. */
export function testMeter() {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter('citadel-test'),
    async counter(name: string, attributes: Record<string, string> = {}): Promise<number> {
      const { resourceMetrics } = await reader.collect();
      const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
      return (metric?.dataPoints ?? [])
        .filter((point) => Object.entries(attributes).every(([key, value]) => point.attributes[key] === value))
        .reduce((sum, point) => sum + (point.value as number), 0);
    },
  };
}
