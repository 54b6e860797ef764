import { UnauthenticatedError } from '@tsmesh/shared-errors';
import { formatSpiffeId, verifyServiceAccountToken } from '@tsmesh/shared-certificates';
import type { Authenticator, CallCredentials, Caller } from './authenticator';

export interface TokenAuthenticatorOptions {
  /** PEM public key (ES256 or RS256) that signs service-account tokens (`--token-verification-key`). */
  readonly verificationKeyPem: string;
  readonly trustDomain: string;
  readonly now?: () => Date;
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Authenticates a workload asking for its first certificate with its Kubernetes service-account
 * token (`authorization: Bearer <jwt>`). Istio 1.2 sent the token to the API server's TokenReview;
 * tsmesh verifies the signature locally with the key the local "API server" signs with.
 */
export function createTokenAuthenticator(options: TokenAuthenticatorOptions): Authenticator {
  return {
    name: 'service-account-token',
    async authenticate(call: CallCredentials): Promise<Caller | undefined> {
      const header = call.metadata.get('authorization')[0];
      if (header === undefined) return undefined;
      const match = BEARER.exec(header.toString());
      if (!match) throw new UnauthenticatedError('authorization metadata must be "Bearer <token>"');
      try {
        const account = verifyServiceAccountToken(match[1] as string, {
          verificationKeyPem: options.verificationKeyPem,
          ...(options.now ? { now: options.now() } : {}),
        });
        const id = formatSpiffeId({ trustDomain: options.trustDomain, ...account });
        return { identities: [id.uri], authenticatedBy: 'service-account-token' };
      } catch (err) {
        throw new UnauthenticatedError(`service-account token rejected: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
