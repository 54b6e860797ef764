import type { ValueType } from '../value-type';
import { ExpressionEvaluationError } from './expression-errors';
import { ExprValue, type ExpressionValue } from './expression-value';
import { matchesRegex } from './go-regex';
import { toDnsName, toEmail, toIpAddress, toTimestamp, toUri, type Converted } from './typed-strings';

// The functions Istio 1.2's CEXL type checker knows: the externs in mixer/pkg/lang/externs.go
// plus the intrinsics `conditional` and `size` from mixer/pkg/lang/ast/func.go, with the same
// argument and return types. (`reverse` and the other CEL-only functions are not CEXL.)

/**
 * Istio's VALUE_TYPE_UNSPECIFIED in a signature: "any type, but every such slot in one call
 * takes the type of the first one", which is how `conditional(c, a, b)` requires a and b to agree.
 */
export const GENERIC: ValueType = 'VALUE_TYPE_UNSPECIFIED';

export interface FunctionSignature {
  readonly name: string;
  /** Called as `target.name(args)` (Istio's instance methods) rather than `name(args)`. */
  readonly method: boolean;
  readonly targetType?: ValueType;
  readonly argumentTypes: readonly ValueType[];
  /** GENERIC means "the type the generic arguments settled on". */
  readonly returnType: ValueType;
}

export interface FunctionDefinition extends FunctionSignature {
  /**
   * Runs the function on evaluated arguments (the method target first). Absent for
   * `conditional`, which the evaluator runs itself because only one branch may be evaluated.
   */
  readonly invoke?: (args: readonly ExpressionValue[]) => ExpressionValue;
}

const STRING: ValueType = 'STRING';

function text(value: ExpressionValue | undefined): string {
  if (value === undefined || typeof value.value !== 'string') throw new ExpressionEvaluationError('expected a string argument');
  return value.value;
}

function unwrap<T>(converted: Converted<T>): T {
  if (!converted.ok) throw new ExpressionEvaluationError(converted.message);
  return converted.value;
}

function plain(name: string, argumentTypes: ValueType[], returnType: ValueType, invoke: FunctionDefinition['invoke']): FunctionDefinition {
  return { name, method: false, argumentTypes, returnType, invoke };
}

function method(name: string, invoke: (target: string, arg: string) => boolean): FunctionDefinition {
  return {
    name,
    method: true,
    targetType: STRING,
    argumentTypes: [STRING],
    returnType: 'BOOL',
    invoke: ([target, arg]) => ExprValue.bool(invoke(text(target), text(arg))),
  };
}

/** `*` at the end matches a prefix, at the start a suffix; otherwise the match is exact. */
export function globMatch(value: string, pattern: string): boolean {
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return value === pattern;
}

const DEFINITIONS: readonly FunctionDefinition[] = [
  plain('ip', [STRING], 'IP_ADDRESS', ([a]) => ExprValue.ip(unwrap(toIpAddress(text(a))))),
  plain('timestamp', [STRING], 'TIMESTAMP', ([a]) => ExprValue.timestamp(unwrap(toTimestamp(text(a))))),
  plain('dnsName', [STRING], 'DNS_NAME', ([a]) => ({ type: 'DNS_NAME', value: unwrap(toDnsName(text(a))) })),
  plain('email', [STRING], 'EMAIL_ADDRESS', ([a]) => ({ type: 'EMAIL_ADDRESS', value: unwrap(toEmail(text(a))) })),
  plain('uri', [STRING], 'URI', ([a]) => ({ type: 'URI', value: unwrap(toUri(text(a))) })),
  plain('match', [STRING, STRING], 'BOOL', ([a, b]) => ExprValue.bool(globMatch(text(a), text(b)))),
  // The target is the regular expression: `"svc.*".matches(destination.service)`.
  method('matches', (pattern, value) => matchesRegex(pattern, value)),
  method('startsWith', (value, prefix) => value.startsWith(prefix)),
  method('endsWith', (value, suffix) => value.endsWith(suffix)),
  plain('emptyStringMap', [], 'STRING_MAP', () => ExprValue.stringMap(new Map())),
  // Unlike `conditional`, an extern: both branches are evaluated before the choice.
  plain('conditionalString', ['BOOL', STRING, STRING], STRING, ([c, a, b]) => (c?.value === true ? ExprValue.string(text(a)) : ExprValue.string(text(b)))),
  plain('toLower', [STRING], STRING, ([a]) => ExprValue.string(text(a).toLowerCase())),
  // Go's len(): bytes of the UTF-8 encoding, not characters.
  plain('size', [STRING], 'INT64', ([a]) => ExprValue.int64(Buffer.byteLength(text(a), 'utf8'))),
  { name: 'conditional', method: false, argumentTypes: ['BOOL', GENERIC, GENERIC], returnType: GENERIC },
];

const BY_NAME: ReadonlyMap<string, FunctionDefinition> = new Map(DEFINITIONS.map((definition) => [definition.name, definition]));

/** The definition of a CEXL function, or undefined when Istio 1.2 has no such function. */
export function lookupFunction(name: string): FunctionDefinition | undefined {
  return BY_NAME.get(name);
}

/** Every function name, sorted; used to suggest the intended one after a typo. */
export function functionNames(): string[] {
  return [...BY_NAME.keys()].sort();
}
