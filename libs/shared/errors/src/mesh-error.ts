import { status as GrpcStatus } from '@grpc/grpc-js';

/** What a caller needs to map an error onto its transport. */
export interface ErrorKind {
  /** Stable, grep-able code, e.g. `TSM_CONFIG_INVALID`. Never change a published code. */
  readonly code: string;
  readonly grpcStatus: GrpcStatus;
  readonly httpStatus: number;
}

export interface MeshErrorOptions {
  /** Field path inside the input that was wrong, e.g. `spec.http[0].route[1].weight` or `--grpc-port`. */
  readonly field?: string;
  /** Where the input came from: a file, a flag, a peer address. */
  readonly source?: string;
  readonly cause?: unknown;
}

const BRAND = Symbol.for('tsmesh.error');

/**
 * Base of every typed tsmesh error. Subclasses are made with {@link defineErrorKind}; the
 * brand survives duplicate copies of this module (bundles, jest module registries).
 */
export class MeshError extends Error {
  readonly code: string;
  readonly grpcStatus: GrpcStatus;
  readonly httpStatus: number;
  readonly field: string | undefined;
  readonly source: string | undefined;
  readonly [BRAND] = true;

  constructor(kind: ErrorKind, message: string, options: MeshErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MeshError';
    this.code = kind.code;
    this.grpcStatus = kind.grpcStatus;
    this.httpStatus = kind.httpStatus;
    this.field = options.field;
    this.source = options.source;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** One line for logs and CLI output: `CODE: source: field: message`. */
  describe(): string {
    return [this.code, this.source, this.field, this.message].filter(Boolean).join(': ');
  }
}

export type MeshErrorClass = (new (message: string, options?: MeshErrorOptions) => MeshError) & { readonly kind: ErrorKind };

/** Declares an error kind once, with its code and transport statuses. */
export function defineErrorKind(code: string, grpcStatus: GrpcStatus, httpStatus: number): MeshErrorClass {
  const kind: ErrorKind = Object.freeze({ code, grpcStatus, httpStatus });
  return class extends MeshError {
    static readonly kind = kind;
    constructor(message: string, options?: MeshErrorOptions) {
      super(kind, message, options);
      this.name = code;
    }
  };
}

export function isMeshError(value: unknown, kind?: { readonly kind: ErrorKind }): value is MeshError {
  return value instanceof MeshError && (kind === undefined || value.code === kind.kind.code);
}

/** A readable one-line reason for any thrown value; never a stack dump. */
export function describeError(value: unknown): string {
  if (value instanceof MeshError) return value.describe();
  if (value instanceof Error) {
    const code = (value as NodeJS.ErrnoException).code;
    return code ? `${code}: ${value.message}` : value.message;
  }
  return String(value);
}
