import { experimental, type ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { describeError } from '@tsmesh/shared-errors';
import { formatSpiffeId, needsRenewal } from '@tsmesh/shared-certificates';
import type { CertificateAuthority } from './certificate-authority';

/** Names clients may dial Citadel by (Istio 1.2's service is istio-citadel; istio-ca is its old alias). */
export const CITADEL_DNS_NAMES: readonly string[] = ['istio-citadel', 'istio-ca', 'localhost'];
export const CITADEL_NAMESPACE = 'istio-system';
export const CITADEL_SERVICE_ACCOUNT = 'istio-citadel-service-account';
/** Serving certificate lifetime (renewed at half-life); never beyond the CA's own expiry. */
export const DEFAULT_SERVING_CERT_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** How often to check whether the serving certificate is due (Istio checks its root hourly). */
const ROTATION_CHECK_MS = 60 * 60 * 1000;

/** The SPIFFE ID clients expect on Citadel's serving certificate. */
export function citadelSpiffeId(trustDomain: string): string {
  return formatSpiffeId({ trustDomain, namespace: CITADEL_NAMESPACE, serviceAccount: CITADEL_SERVICE_ACCOUNT }).uri;
}

export interface CitadelServerCredentials {
  readonly credentials: ServerCredentials;
  /** Expiry of the serving certificate in use now. */
  notAfter(): Date;
  stop(): void;
}

/**
 * TLS for Citadel's gRPC port, with a certificate the CA issues to itself and re-issues before it
 * expires. Client certificates are requested but not required: renewing workloads present theirs,
 * first-time workloads have none and use a token. (grpc-js's createSsl can only require or ignore
 * client certs, hence the certificate-provider credentials.)
 */
export async function createCitadelServerCredentials(
  ca: CertificateAuthority,
  log: Logger,
  ttlMs: number = DEFAULT_SERVING_CERT_TTL_MS,
): Promise<CitadelServerCredentials> {
  const issue = () =>
    ca.issueServingCertificate({ dnsNames: [...CITADEL_DNS_NAMES], uris: [citadelSpiffeId(ca.trustDomain)] }, ttlMs);
  let serving = await issue();
  const provider = new StaticCertificateProvider(Buffer.from(ca.rootPem), toUpdate(serving));
  const timer = setInterval(() => {
    if (!needsRenewal(serving)) return;
    issue().then(
      (next) => {
        serving = next;
        provider.setIdentity(toUpdate(next));
        log.info({ notAfter: next.notAfter }, 'rotated the citadel serving certificate');
      },
      (err: unknown) => log.error({ err: describeError(err) }, 'failed to rotate the citadel serving certificate'),
    );
  }, ROTATION_CHECK_MS);
  timer.unref();
  return {
    credentials: experimental.createCertificateProviderServerCredentials(provider, provider, false),
    notAfter: () => serving.notAfter,
    stop: () => clearInterval(timer),
  };
}

function toUpdate(serving: { certChainPem: string; keyPem: string }): experimental.IdentityCertificateUpdate {
  return { certificate: Buffer.from(serving.certChainPem), privateKey: Buffer.from(serving.keyPem) };
}

/**
 * Serves the root (to verify client certs) and our identity to grpc-js. Listeners are told
 * asynchronously: grpc-js registers them before it attaches the server's watcher, so a synchronous
 * first update would be lost and every connection dropped.
 */
class StaticCertificateProvider implements experimental.CertificateProvider {
  private readonly caListeners = new Set<experimental.CaCertificateUpdateListener>();
  private readonly identityListeners = new Set<experimental.IdentityCertificateUpdateListener>();

  constructor(
    private readonly caCertificate: Buffer,
    private identity: experimental.IdentityCertificateUpdate,
  ) {}

  setIdentity(identity: experimental.IdentityCertificateUpdate): void {
    this.identity = identity;
    for (const listener of this.identityListeners) listener(identity);
  }

  addCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    this.caListeners.add(listener);
    queueMicrotask(() => this.caListeners.has(listener) && listener({ caCertificate: this.caCertificate }));
  }

  removeCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    this.caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.add(listener);
    queueMicrotask(() => this.identityListeners.has(listener) && listener(this.identity));
  }

  removeIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.delete(listener);
  }
}
