import { UnauthenticatedError } from '@tsmesh/shared-errors';
import { summarizeCertificate, tryParseSpiffeId, verifyCertificateChain, x509 } from '@tsmesh/shared-certificates';
import type { Authenticator, CallCredentials, Caller } from './authenticator';

export interface MtlsAuthenticatorOptions {
  /** Trust material of this CA: certificates between workload leaves and the root, and the root. */
  readonly intermediatePems: readonly string[];
  readonly rootPem: string;
  readonly now?: () => Date;
}

/**
 * Authenticates a workload renewing its certificate: it presents the client certificate this CA
 * issued earlier. The TLS server requests but does not require client certificates (first-time
 * callers have none); grpc-js exposes only a certificate the handshake verified against the root,
 * and this authenticator re-checks the full path, validity, CA flag and SPIFFE SAN itself rather
 * than trust transport details.
 */
export function createMtlsAuthenticator(options: MtlsAuthenticatorOptions): Authenticator {
  return {
    name: 'mtls',
    async authenticate(call: CallCredentials): Promise<Caller | undefined> {
      const raw = call.getAuthContext().sslPeerCertificate?.raw;
      if (!raw || raw.length === 0) return undefined;
      let leaf: x509.X509Certificate;
      try {
        leaf = new x509.X509Certificate(raw);
        await verifyCertificateChain({
          leaf,
          intermediates: options.intermediatePems,
          roots: [options.rootPem],
          ...(options.now ? { now: options.now() } : {}),
        });
      } catch (err) {
        throw new UnauthenticatedError(`client certificate rejected: ${(err as Error).message}`, { cause: err });
      }
      const summary = summarizeCertificate(leaf);
      if (summary.isCa) throw new UnauthenticatedError('client certificate rejected: a CA certificate is not a workload identity');
      const identities = summary.uris.filter((uri) => tryParseSpiffeId(uri) !== undefined);
      if (identities.length === 0) throw new UnauthenticatedError('client certificate rejected: it carries no SPIFFE URI SAN');
      return { identities, authenticatedBy: 'mtls' };
    },
  };
}
