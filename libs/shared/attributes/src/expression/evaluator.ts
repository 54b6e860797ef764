import type { AttributeBag } from '../attribute-bag';
import type { ValueType } from '../value-type';
import type { BinaryNode, CallNode, ExpressionNode } from './ast';
import { ExpressionEvaluationError } from './expression-errors';
import { ExprValue, fromAttributeValue, type ExpressionValue } from './expression-value';
import { lookupFunction } from './function-catalogue';
import type { TypedExpression } from './type-checker';
import { dnsNamesEqual, emailsEqual, ipAddressesEqual, urisEqual } from './typed-strings';

/**
 * Evaluates a type-checked expression over one request's attributes. As in Istio, a missing
 * attribute or map key is an error (ExpressionEvaluationError) unless the left side of a `|`
 * absorbs it: `source.labels["app"] | "unknown"` yields "unknown" when either the map or the
 * key is absent. `&&` and `||` short-circuit, and `conditional` evaluates only the chosen branch.
 */
export function evaluate(expression: TypedExpression, bag: AttributeBag): ExpressionValue {
  return new Evaluator(expression, bag).value(expression.ast);
}

/** Evaluates a BOOL expression (a rule's match) to a plain boolean. */
export function evaluateMatch(expression: TypedExpression, bag: AttributeBag): boolean {
  const result = evaluate(expression, bag);
  if (result.type !== 'BOOL') throw new ExpressionEvaluationError(`expression '${expression.text}' is ${result.type}, not BOOL`);
  return result.value;
}

class Evaluator {
  constructor(
    private readonly expression: TypedExpression,
    private readonly bag: AttributeBag,
  ) {}

  value(node: ExpressionNode): ExpressionValue {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'attribute': {
        const found = this.attribute(node.name, node);
        if (found === undefined) throw new ExpressionEvaluationError(`lookup failed: '${node.name}'`, { field: node.name });
        return found;
      }
      case 'index': {
        const map = stringMap(this.value(node.target));
        const key = text(this.value(node.key));
        const found = map.get(key);
        if (found === undefined) throw new ExpressionEvaluationError(`member lookup failed: '${key}'`, { field: key });
        return ExprValue.string(found);
      }
      case 'not':
        return ExprValue.bool(!bool(this.value(node.operand)));
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  /** Like value(), but an absent attribute or map key yields undefined instead of an error. */
  private optional(node: ExpressionNode): ExpressionValue | undefined {
    if (node.kind === 'attribute') return this.attribute(node.name, node);
    if (node.kind === 'binary' && node.operator === '|') return this.optional(node.left) ?? this.optional(node.right);
    if (node.kind !== 'index') return this.value(node);
    const map = this.optional(node.target);
    const key = map === undefined ? undefined : this.optional(node.key);
    if (map === undefined || key === undefined) return undefined;
    const found = stringMap(map).get(text(key));
    return found === undefined ? undefined : ExprValue.string(found);
  }

  private attribute(name: string, node: ExpressionNode): ExpressionValue | undefined {
    const raw = this.bag.get(name);
    if (raw === undefined) return undefined;
    const declared = this.typeOf(node);
    const converted = fromAttributeValue(raw, declared);
    if (converted === undefined) {
      throw new ExpressionEvaluationError(`attribute '${name}' holds a ${raw.kind} value but is declared ${declared}`, { field: name });
    }
    return converted;
  }

  private binary(node: BinaryNode): ExpressionValue {
    switch (node.operator) {
      case '&&':
        return ExprValue.bool(bool(this.value(node.left)) && bool(this.value(node.right)));
      case '||':
        return ExprValue.bool(bool(this.value(node.left)) || bool(this.value(node.right)));
      case '|':
        return this.optional(node.left) ?? this.value(node.right);
      case '+':
        return add(this.value(node.left), this.value(node.right));
      case '==':
        return ExprValue.bool(expressionValuesEqual(this.value(node.left), this.value(node.right)));
      case '!=':
        return ExprValue.bool(!expressionValuesEqual(this.value(node.left), this.value(node.right)));
      default: {
        const order = compareExpressionValues(this.value(node.left), this.value(node.right));
        if (order === undefined) return ExprValue.bool(false); // NaN compares false, as in Go
        const holds = { '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 }[node.operator];
        return ExprValue.bool(holds);
      }
    }
  }

  private call(node: CallNode): ExpressionValue {
    if (node.name === 'conditional') {
      const [condition, whenTrue, whenFalse] = node.args as [ExpressionNode, ExpressionNode, ExpressionNode];
      return this.value(bool(this.value(condition)) ? whenTrue : whenFalse);
    }
    const fn = lookupFunction(node.name);
    if (fn?.invoke === undefined) throw new ExpressionEvaluationError(`unknown function '${node.name}'`);
    const operands = node.target === undefined ? node.args : [node.target, ...node.args];
    return fn.invoke(operands.map((operand) => this.value(operand)));
  }

  private typeOf(node: ExpressionNode): ValueType {
    const type = this.expression.types.get(node);
    if (type === undefined) throw new ExpressionEvaluationError(`expression '${this.expression.text}' was not type-checked`);
    return type;
  }
}

function bool(value: ExpressionValue): boolean {
  if (value.type !== 'BOOL') throw new ExpressionEvaluationError(`expected BOOL, got ${value.type}`);
  return value.value;
}

function text(value: ExpressionValue): string {
  if (typeof value.value !== 'string') throw new ExpressionEvaluationError(`expected STRING, got ${value.type}`);
  return value.value;
}

function stringMap(value: ExpressionValue): ReadonlyMap<string, string> {
  if (value.type !== 'STRING_MAP') throw new ExpressionEvaluationError(`expected STRING_MAP, got ${value.type}`);
  return value.value;
}

/** Equality by the static type both sides share (the checker guarantees they agree). */
export function expressionValuesEqual(a: ExpressionValue, b: ExpressionValue): boolean {
  switch (a.type) {
    case 'DNS_NAME':
      return dnsNamesEqual(a.value, text(b));
    case 'EMAIL_ADDRESS':
      return emailsEqual(a.value, text(b));
    case 'URI':
      return urisEqual(a.value, text(b));
    case 'IP_ADDRESS':
      return b.type === 'IP_ADDRESS' && ipAddressesEqual(a.value, b.value);
    case 'TIMESTAMP':
      return b.type === 'TIMESTAMP' && a.value.getTime() === b.value.getTime();
    case 'STRING_MAP':
      throw new ExpressionEvaluationError('STRING_MAP values cannot be compared');
    default:
      return a.value === b.value;
  }
}

/** Ordering: negative, zero or positive; undefined when unordered (NaN). Strings compare as UTF-8 bytes, like Go. */
export function compareExpressionValues(a: ExpressionValue, b: ExpressionValue): number | undefined {
  const left = a.type === 'TIMESTAMP' ? a.value.getTime() : a.value;
  const right = b.type === 'TIMESTAMP' ? b.value.getTime() : b.value;
  if (typeof left === 'string' && typeof right === 'string') return Buffer.compare(Buffer.from(left), Buffer.from(right));
  if (typeof left === 'bigint' && typeof right === 'bigint') return left < right ? -1 : left > right ? 1 : 0;
  if (typeof left === 'number' && typeof right === 'number') {
    return Number.isNaN(left) || Number.isNaN(right) ? undefined : Math.sign(left - right);
  }
  throw new ExpressionEvaluationError(`${a.type} and ${b.type} cannot be ordered`);
}

function add(a: ExpressionValue, b: ExpressionValue): ExpressionValue {
  if (a.type === 'INT64' && b.type === 'INT64') return ExprValue.int64(BigInt.asIntN(64, a.value + b.value)); // Go wraps
  if (a.type === 'DOUBLE' && b.type === 'DOUBLE') return ExprValue.double(a.value + b.value);
  if (typeof a.value === 'string' && typeof b.value === 'string') return { type: a.type, value: a.value + b.value } as ExpressionValue;
  throw new ExpressionEvaluationError(`'+' is not defined for ${a.type}`);
}
