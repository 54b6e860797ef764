import { status } from '@grpc/grpc-js';
import { defineErrorKind } from '@tsmesh/shared-errors';

/** Why an expression was rejected before it ever ran. */
export type ExpressionErrorReason =
  | 'syntax'
  | 'unknown-attribute'
  | 'unknown-function'
  | 'type-mismatch'
  | 'argument-count'
  | 'not-boolean';

/** One problem found while parsing or type-checking, pointing at a 1-based column. */
export interface ExpressionError {
  readonly reason: ExpressionErrorReason;
  readonly column: number;
  readonly message: string;
  /** For unknown attributes: the closest declared name, when one is close enough to be a typo. */
  readonly suggestion?: string;
}

/** One line per error, `column N: message`, for config validation output. */
export function describeExpressionErrors(text: string, errors: readonly ExpressionError[]): string {
  return errors.map((error) => `expression '${text}' column ${error.column}: ${error.message}`).join('; ');
}

/**
 * Evaluating a checked expression failed: an attribute or map key the expression needs is
 * absent (and no `|` fallback covers it), or a conversion function got a bad argument such as
 * `ip("not-an-ip")`. Mixer treats this as a failed rule or instance, as Istio does.
 */
export const ExpressionEvaluationError = defineErrorKind('TSM_EXPRESSION_EVAL_FAILED', status.INVALID_ARGUMENT, 400);

/** Raised inside the lexer/parser; parseExpression turns it into an ExpressionError. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}
