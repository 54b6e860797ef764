import { status } from '@grpc/grpc-js';
import { defineErrorKind } from '@tsmesh/shared-errors';

/** A SPIFFE ID is not `spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>`. */
export const SpiffeIdError = defineErrorKind('TSM_SPIFFE_ID_INVALID', status.INVALID_ARGUMENT, 400);
/** PEM/DER input (certificate, key, CSR) could not be parsed or its signature is wrong. */
export const CertificateFormatError = defineErrorKind('TSM_CERT_FORMAT', status.INVALID_ARGUMENT, 400);
/** A certificate does not chain to a trusted root, or is outside its validity period. */
export const ChainVerificationError = defineErrorKind('TSM_CERT_CHAIN_INVALID', status.UNAUTHENTICATED, 401);
/** A bearer token is malformed, forged, expired or carries the wrong claims. */
export const TokenInvalidError = defineErrorKind('TSM_TOKEN_INVALID', status.UNAUTHENTICATED, 401);
