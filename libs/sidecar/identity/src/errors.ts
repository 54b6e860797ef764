import { status } from '@grpc/grpc-js';
import { defineErrorKind } from '@tsmesh/shared-errors';

/** Citadel answered but refused to issue (bad credential, wrong identity, bad CSR). */
export const CitadelRejectedError = defineErrorKind('TSM_CITADEL_REJECTED', status.PERMISSION_DENIED, 403);
/** Citadel issued something we must not use: wrong identity, wrong key, or a chain we don't trust. */
export const IssuedCertificateInvalidError = defineErrorKind('TSM_ISSUED_CERT_INVALID', status.INTERNAL, 500);
/** A file the workload needs (root cert, token) is not there yet; retried. */
export const CredentialUnavailableError = defineErrorKind('TSM_IDENTITY_FILE_UNAVAILABLE', status.UNAVAILABLE, 503);
