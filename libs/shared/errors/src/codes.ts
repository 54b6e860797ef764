import { status } from '@grpc/grpc-js';
import { defineErrorKind } from './mesh-error';

// The catalogue of stable error codes shared across components. Component-specific
// kinds live beside their component but use the same `TSM_` prefix.

/** A flag or environment variable is missing or malformed. */
export const ConfigError = defineErrorKind('TSM_CONFIG_INVALID', status.INVALID_ARGUMENT, 400);
/** A listener could not bind (port busy, address unavailable). */
export const BindError = defineErrorKind('TSM_BIND_FAILED', status.UNAVAILABLE, 503);
/** A peer (galley, pilot, citadel, mixer) could not be reached. */
export const PeerUnavailableError = defineErrorKind('TSM_PEER_UNAVAILABLE', status.UNAVAILABLE, 503);
/** A request was malformed. */
export const BadRequestError = defineErrorKind('TSM_BAD_REQUEST', status.INVALID_ARGUMENT, 400);
/** The caller is not who it must be to get what it asked for. */
export const PermissionDeniedError = defineErrorKind('TSM_PERMISSION_DENIED', status.PERMISSION_DENIED, 403);
/** The caller presented no usable credential. */
export const UnauthenticatedError = defineErrorKind('TSM_UNAUTHENTICATED', status.UNAUTHENTICATED, 401);
/** Mesh configuration (Istio YAML) failed validation. */
export const ValidationError = defineErrorKind('TSM_VALIDATION', status.INVALID_ARGUMENT, 400);
/** The component is not ready to serve yet (e.g. CA keys not loaded). */
export const NotReadyError = defineErrorKind('TSM_NOT_READY', status.UNAVAILABLE, 503);
/** An invariant that should always hold did not; a bug. */
export const InternalError = defineErrorKind('TSM_INTERNAL', status.INTERNAL, 500);
