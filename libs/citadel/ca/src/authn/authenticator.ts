import type { Metadata } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';

/** The parts of a gRPC server call an authenticator may look at. */
export interface CallCredentials {
  readonly metadata: Metadata;
  /** grpc-js's auth context (its type is not exported): the TLS peer certificate, if any. */
  getAuthContext(): { readonly sslPeerCertificate?: PeerCertificate };
}

/** Who the caller proved to be. */
export interface Caller {
  /** SPIFFE IDs the caller owns. */
  readonly identities: readonly string[];
  /** Which authenticator vouched for it (log and metrics label). */
  readonly authenticatedBy: string;
}

/**
 * One way of proving identity (Istio's authenticator interface). Returns undefined when the call
 * carries no credential of this kind; throws UnauthenticatedError when it carries a bad one.
 */
export interface Authenticator {
  readonly name: string;
  authenticate(call: CallCredentials): Promise<Caller | undefined>;
}
