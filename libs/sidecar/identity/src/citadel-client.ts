import { type ChannelOptions, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import { PeerUnavailableError } from '@tsmesh/shared-errors';
import { IstioCertificateServiceClient } from '@tsmesh/contracts/istio/security/v1alpha1/istioca';
import { CitadelRejectedError } from './errors';

/** How the workload proves who it is: its service-account token first, its current cert afterwards. */
export type CitadelCredential =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'mtls'; readonly certChainPem: string; readonly keyPem: string };

export interface CitadelCall {
  /** host:port of Citadel's gRPC port. */
  readonly address: string;
  /** The root that must have issued Citadel's serving certificate. */
  readonly rootPem: string;
  /** The SPIFFE ID Citadel's serving certificate must carry. */
  readonly citadelSpiffeId: string;
  readonly credential: CitadelCredential;
  readonly deadlineMs: number;
}

/** The name we verify Citadel under and send as SNI/authority (targets are often bare IPs). */
const CITADEL_HOST = 'istio-citadel';

/**
 * One CreateCertificate call over TLS. The server is authenticated by its SPIFFE ID rather than
 * by host name, the way mesh peers are. A fresh channel per call: issuance happens every few
 * weeks, so a long-lived connection would only hold resources.
 */
export async function callCreateCertificate(call: CitadelCall, csrPem: string, ttlSeconds: number): Promise<string[]> {
  const checkServerIdentity = (_host: string, cert: PeerCertificate): Error | undefined =>
    (cert.subjectaltname ?? '').split(', ').includes(`URI:${call.citadelSpiffeId}`)
      ? undefined
      : new Error(`Citadel's certificate does not carry ${call.citadelSpiffeId} (SANs: ${cert.subjectaltname ?? 'none'})`);
  const mtls = call.credential.kind === 'mtls' ? call.credential : undefined;
  const channelCredentials = credentials.createSsl(
    Buffer.from(call.rootPem),
    mtls ? Buffer.from(mtls.keyPem) : null,
    mtls ? Buffer.from(mtls.certChainPem) : null,
    { checkServerIdentity },
  );
  const options: ChannelOptions = { 'grpc.ssl_target_name_override': CITADEL_HOST, 'grpc.default_authority': CITADEL_HOST };
  const client = new IstioCertificateServiceClient(call.address, channelCredentials, options);
  const metadata = new Metadata();
  if (call.credential.kind === 'token') metadata.set('authorization', `Bearer ${call.credential.token}`);
  try {
    return await new Promise<string[]>((resolve, reject) => {
      client.createCertificate(
        { csr: csrPem, subjectId: '', validityDuration: String(ttlSeconds) },
        metadata,
        { deadline: new Date(Date.now() + call.deadlineMs) },
        (err, response) => (err ? reject(toTypedError(err, call.address)) : resolve(response.certChain)),
      );
    });
  } finally {
    client.close();
  }
}

/** UNAVAILABLE/DEADLINE => Citadel is unreachable (retry); anything else => Citadel said no. */
function toTypedError(err: ServiceError, address: string): Error {
  const unreachable = err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED;
  const reason = `${status[err.code]}: ${err.details}`;
  return unreachable
    ? new PeerUnavailableError(`citadel at ${address} is unreachable (${reason})`, { source: address, cause: err })
    : new CitadelRejectedError(`citadel at ${address} refused: ${reason}`, { source: address, cause: err });
}
