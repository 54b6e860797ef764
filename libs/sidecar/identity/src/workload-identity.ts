import type { Logger } from 'pino';
import { formatSpiffeId, type KeyAlgorithm, type RenewalPolicy } from '@tsmesh/shared-certificates';
import { IdentityRotator } from './identity-rotator';
import type { IdentityMaterial } from './identity-material';
import type { IssueSettings } from './issue-identity';

export interface WorkloadIdentityOptions {
  /** Citadel's gRPC address, host:port. */
  readonly citadelAddress: string;
  /** Citadel's published root (`<citadel root dir>/root-cert.pem`); re-read on every request. */
  readonly rootCertFile: string;
  /** Service-account token file (like /var/run/secrets/kubernetes.io/serviceaccount/token); re-read on every request. */
  readonly tokenFile: string;
  readonly trustDomain: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Where cert-chain.pem, key.pem (0600) and root-cert.pem are written (Istio's /etc/certs). */
  readonly certsDir: string;
  readonly log: Logger;
  /** Requested validity in seconds; 0 (default) takes Citadel's --workload-cert-ttl. */
  readonly requestedTtlSeconds?: number;
  readonly keyAlgorithm?: KeyAlgorithm;
  /** When to renew; Istio 1.2 default is 50% of lifetime with at least 10 minutes of grace. */
  readonly renewal?: RenewalPolicy;
  /** Retry backoff while Citadel is unreachable or refusing. */
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  readonly requestTimeoutMs?: number;
  /** SPIFFE ID Citadel's serving certificate must carry; default spiffe://<td>/ns/istio-system/sa/istio-citadel-service-account. */
  readonly citadelSpiffeId?: string;
  /** Aborts waiting for the first certificate. */
  readonly signal?: AbortSignal;
}

export interface WorkloadIdentity {
  /** The identity in use now. After a failed renewal this is still the last good one. */
  current(): IdentityMaterial;
  /** Called after every rotation, once the new files are on disk. Returns an unsubscribe function. */
  onRotate(listener: (material: IdentityMaterial) => void): () => void;
  /** When the next renewal attempt is due. */
  nextRenewalAt(): Date;
  /** Cancels timers and retries; files stay on disk. */
  stop(): void;
}

/**
 * pilot-agent's certificate duty: obtain this workload's identity from Citadel, keep it on disk for
 * Envoy, and rotate it before it expires. Resolves once a valid certificate is available: one left
 * by a previous run (renewed in the background if due) or a newly issued one.
 */
export async function startWorkloadIdentity(options: WorkloadIdentityOptions): Promise<WorkloadIdentity> {
  const { trustDomain, namespace, serviceAccount } = options;
  const spiffeId = formatSpiffeId({ trustDomain, namespace, serviceAccount }).uri;
  const settings: IssueSettings = {
    citadelAddress: options.citadelAddress,
    citadelSpiffeId:
      options.citadelSpiffeId ??
      formatSpiffeId({ trustDomain, namespace: 'istio-system', serviceAccount: 'istio-citadel-service-account' }).uri,
    rootCertFile: options.rootCertFile,
    tokenFile: options.tokenFile,
    spiffeId,
    requestedTtlSeconds: options.requestedTtlSeconds ?? 0,
    keyAlgorithm: options.keyAlgorithm ?? 'ecdsa-p256',
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    log: options.log.child({ spiffeId }),
  };
  const rotator = new IdentityRotator(settings, options);
  await rotator.start();
  return rotator;
}
