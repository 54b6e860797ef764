import { status } from '@grpc/grpc-js';
import { defineErrorKind, isMeshError, type MeshError } from '@tsmesh/shared-errors';

// Istio 1.2's CA error types (security/pkg/pki/ca/error.go), as tsmesh error kinds.

/** The CSR cannot be parsed, its signature is wrong, or it asks for something malformed. */
export const CaCsrError = defineErrorKind('TSM_CA_CSR_ERROR', status.INVALID_ARGUMENT, 400);
/** The requested validity is not a usable duration. */
export const CaTtlError = defineErrorKind('TSM_CA_TTL_ERROR', status.INVALID_ARGUMENT, 400);
/** Signing failed inside the CA. */
export const CaCertGenError = defineErrorKind('TSM_CA_CERT_GEN_ERROR', status.INTERNAL, 500);
/** The CA has no usable signing material (not loaded yet, or its certificate is outside its validity). */
export const CaNotReadyError = defineErrorKind('TSM_CA_NOT_READY', status.UNAVAILABLE, 503);

/** Istio's name for an error kind: the `error_type` label of `citadel_server_csr_sign_error_count`. */
export function istioErrorType(err: unknown): string {
  const names: Array<[{ kind: { code: string } }, string]> = [
    [CaCsrError, 'CSR_ERROR'],
    [CaTtlError, 'TTL_ERROR'],
    [CaCertGenError, 'CERT_GEN_ERROR'],
    [CaNotReadyError, 'CA_NOT_READY'],
  ];
  const code = isMeshError(err) ? (err as MeshError).code : undefined;
  return names.find(([kind]) => kind.kind.code === code)?.[1] ?? 'UNKNOWN';
}
