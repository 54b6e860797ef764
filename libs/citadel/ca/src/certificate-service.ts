import type { sendUnaryData, ServerUnaryCall, ServiceError } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { describeError, InternalError, isMeshError, PermissionDeniedError } from '@tsmesh/shared-errors';
import type {
  IstioCertificateRequest,
  IstioCertificateResponse,
  IstioCertificateServiceServer,
} from '@tsmesh/contracts/istio/security/v1alpha1/istioca';
import { authenticateCaller } from './authn/authenticate-caller';
import type { Authenticator } from './authn/authenticator';
import type { CertificateAuthority } from './certificate-authority';
import { CaCsrError, istioErrorType } from './errors';
import type { CitadelMetrics } from './metrics';

export interface CertificateServiceOptions {
  readonly ca: CertificateAuthority;
  readonly authenticators: readonly Authenticator[];
  readonly metrics: CitadelMetrics;
  readonly log: Logger;
}

/** `istio.v1.auth.IstioCertificateService`: authenticate, then sign only for the caller's own identity. */
export function createCertificateService(options: CertificateServiceOptions): IstioCertificateServiceServer {
  return {
    createCertificate(
      call: ServerUnaryCall<IstioCertificateRequest, IstioCertificateResponse>,
      callback: sendUnaryData<IstioCertificateResponse>,
    ): void {
      handle(call, options).then(
        (response) => callback(null, response),
        (err: unknown) => callback(toServiceError(err)),
      );
    },
  };
}

async function handle(
  call: ServerUnaryCall<IstioCertificateRequest, IstioCertificateResponse>,
  { ca, authenticators, metrics, log }: CertificateServiceOptions,
): Promise<IstioCertificateResponse> {
  metrics.csrCount.add(1);
  const peer = call.getPeer();
  let caller;
  try {
    caller = await authenticateCaller(call, authenticators);
  } catch (err) {
    metrics.authenticationFailureCount.add(1);
    log.warn({ peer, err: describeError(err) }, 'CreateCertificate: authentication failed');
    throw err;
  }
  try {
    const signed = await ca.sign({
      csrPem: call.request.csr,
      callerIdentities: caller.identities,
      requestedTtlSeconds: call.request.validityDuration,
      subjectId: call.request.subjectId,
    });
    metrics.successCertIssuanceCount.add(1);
    log.info(
      { peer, spiffeId: signed.spiffeId, serial: signed.serialNumber, notAfter: signed.notAfter, authn: caller.authenticatedBy, ttlCapped: signed.ttlCapped },
      'issued workload certificate',
    );
    return { certChain: signed.certChain };
  } catch (err) {
    recordSignError(err, metrics);
    log.warn({ peer, identities: caller.identities, err: describeError(err) }, 'CreateCertificate: refused');
    throw err;
  }
}

function recordSignError(err: unknown, metrics: CitadelMetrics): void {
  if (isMeshError(err, PermissionDeniedError)) {
    metrics.idExtractionErrorCount.add(1);
    return;
  }
  if (isMeshError(err, CaCsrError)) metrics.csrParsingErrorCount.add(1);
  metrics.csrSignErrorCount.add(1, { error_type: istioErrorType(err) });
}

/** Maps typed errors onto gRPC statuses; the details carry the stable TSM_ code and the reason. */
export function toServiceError(err: unknown): Partial<ServiceError> {
  const typed = isMeshError(err) ? err : new InternalError(describeError(err), { cause: err });
  return { code: typed.grpcStatus, details: typed.describe(), message: typed.describe() };
}
