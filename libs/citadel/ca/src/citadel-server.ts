import { createPublicKey } from 'node:crypto';
import type { Meter } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { ConfigError } from '@tsmesh/shared-errors';
import { algorithmForKey } from '@tsmesh/shared-certificates';
import { startGrpcServer } from '@tsmesh/shared-runtime';
import { IstioCertificateServiceService } from '@tsmesh/contracts/istio/security/v1alpha1/istioca';
import type { Authenticator } from './authn/authenticator';
import { createMtlsAuthenticator } from './authn/mtls-authenticator';
import { createTokenAuthenticator } from './authn/token-authenticator';
import { readConfiguredFile } from './ca-files';
import type { CertificateAuthority } from './certificate-authority';
import { createCertificateService } from './certificate-service';
import { createCitadelMetrics } from './metrics';
import { createCitadelServerCredentials } from './server-credentials';

export interface CitadelServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly ca: CertificateAuthority;
  /** PEM public key that verifies service-account tokens; without it only mTLS renewals work. */
  readonly tokenVerificationKeyPem?: string;
  readonly log: Logger;
  readonly meter: Meter;
}

export interface CitadelServer {
  readonly port: number;
  /** Expiry of Citadel's own serving certificate in use now (a health signal). */
  servingCertNotAfter(): Date;
  close(graceMs?: number): Promise<void>;
}

/** Serves `istio.v1.auth.IstioCertificateService` over TLS with client certificates requested. */
export async function startCitadelServer(options: CitadelServerOptions): Promise<CitadelServer> {
  const { ca, log } = options;
  const authenticators: Authenticator[] = [createMtlsAuthenticator({ intermediatePems: ca.bundle.intermediatePems, rootPem: ca.rootPem })];
  if (options.tokenVerificationKeyPem) {
    authenticators.push(createTokenAuthenticator({ verificationKeyPem: options.tokenVerificationKeyPem, trustDomain: ca.trustDomain }));
  } else {
    log.warn('no --token-verification-key: workloads cannot get their first certificate, only renew');
  }
  const tls = await createCitadelServerCredentials(ca, log);
  const implementation = createCertificateService({ ca, authenticators, metrics: createCitadelMetrics(options.meter), log });
  const server = await startGrpcServer({
    host: options.host,
    port: options.port,
    services: [{ definition: IstioCertificateServiceService, implementation }],
    credentials: tls.credentials,
    label: 'citadel gRPC server',
    portFlag: '--grpc-port',
  });
  log.info({ port: server.port, trustDomain: ca.trustDomain, authenticators: authenticators.map((a) => a.name) }, 'citadel gRPC listening');
  return {
    port: server.port,
    servingCertNotAfter: tls.notAfter,
    async close(graceMs) {
      tls.stop();
      await server.close(graceMs);
    },
  };
}

/** Reads and checks `--token-verification-key` (ES256 P-256 or RS256 public key PEM). */
export async function readTokenVerificationKey(path: string): Promise<string> {
  const pem = await readConfiguredFile(path, '--token-verification-key');
  try {
    algorithmForKey(createPublicKey(pem));
  } catch (err) {
    throw new ConfigError(`${path}: not an ES256 (P-256) or RS256 public key PEM (${(err as Error).message})`, {
      field: '--token-verification-key',
      cause: err,
    });
  }
  return pem;
}
