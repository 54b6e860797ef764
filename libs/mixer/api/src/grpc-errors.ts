import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { describeError, isMeshError } from '@tsmesh/shared-errors';

// Go's codes.Code.String() spellings: what the grpc_code label of grpc_server_handled_total
// carries in Istio's dashboards.
const GO_CODE_NAMES: Readonly<Record<number, string>> = {
  [status.OK]: 'OK',
  [status.CANCELLED]: 'Canceled',
  [status.UNKNOWN]: 'Unknown',
  [status.INVALID_ARGUMENT]: 'InvalidArgument',
  [status.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
  [status.NOT_FOUND]: 'NotFound',
  [status.ALREADY_EXISTS]: 'AlreadyExists',
  [status.PERMISSION_DENIED]: 'PermissionDenied',
  [status.RESOURCE_EXHAUSTED]: 'ResourceExhausted',
  [status.FAILED_PRECONDITION]: 'FailedPrecondition',
  [status.ABORTED]: 'Aborted',
  [status.OUT_OF_RANGE]: 'OutOfRange',
  [status.UNIMPLEMENTED]: 'Unimplemented',
  [status.INTERNAL]: 'Internal',
  [status.UNAVAILABLE]: 'Unavailable',
  [status.DATA_LOSS]: 'DataLoss',
  [status.UNAUTHENTICATED]: 'Unauthenticated',
};

export function grpcCodeName(code: status): string {
  return GO_CODE_NAMES[code] ?? `Code(${code})`;
}

/**
 * A thrown value as the status a gRPC caller sees: typed errors keep their status and their
 * one-line description (code, field, reason); anything else is an INTERNAL bug.
 */
export function toServiceError(err: unknown): ServiceError {
  const code = isMeshError(err) ? err.grpcStatus : status.INTERNAL;
  const details = describeError(err);
  return Object.assign(new Error(details), { code, details, metadata: new Metadata() });
}
