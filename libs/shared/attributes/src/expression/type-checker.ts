import type { ValueType } from '../value-type';
import { columnOf, type BinaryNode, type CallNode, type ExpressionNode } from './ast';
import { closestName } from './closest-name';
import type { ExpressionError } from './expression-errors';
import { functionNames, GENERIC, lookupFunction } from './function-catalogue';
import { parseExpression } from './parser';

/** What the checker needs from a vocabulary; AttributeVocabulary provides it. */
export interface AttributeTypes {
  typeOf(name: string): ValueType | undefined;
  names(): string[];
}

/** A parsed expression that passed the type check, ready for `evaluate`. */
export interface TypedExpression {
  readonly text: string;
  readonly ast: ExpressionNode;
  readonly type: ValueType;
  /** The static type of every node; the evaluator uses it to read bag values and pick equality rules. */
  readonly types: ReadonlyMap<ExpressionNode, ValueType>;
}

export type CheckResult =
  | { readonly ok: true; readonly type: ValueType; readonly expression: TypedExpression }
  | { readonly ok: false; readonly errors: ExpressionError[] };

/** Parses and type-checks CEXL text against a vocabulary, collecting every independent error. */
export function checkExpression(text: string, vocabulary: AttributeTypes): CheckResult {
  const parsed = parseExpression(text);
  return parsed.ok ? typeCheck(text, parsed.ast, vocabulary) : parsed;
}

/** A rule's `match`: must be BOOL. Empty (or blank) text matches everything, as in Istio. */
export function checkMatchExpression(text: string, vocabulary: AttributeTypes): CheckResult {
  const result = checkExpression(text.trim() === '' ? 'true' : text, vocabulary);
  if (!result.ok || result.type === 'BOOL') return result;
  const message = `a match expression must be BOOL, but this one is ${result.type}`;
  return { ok: false, errors: [{ reason: 'not-boolean', column: columnOf(result.expression.ast), message }] };
}

/** Type-checks an already parsed tree; `text` is the source it came from, for messages. */
export function typeCheck(text: string, ast: ExpressionNode, vocabulary: AttributeTypes): CheckResult {
  const checker = new Checker(text, vocabulary);
  const type = checker.typeOf(ast);
  if (checker.errors.length > 0 || type === undefined) return { ok: false, errors: checker.errors };
  return { ok: true, type, expression: { text, ast, type, types: checker.types } };
}

// Types that Istio's compiler can compare, order, or add (mixer/pkg/lang/compiler).
const ORDERED: ReadonlySet<ValueType> = new Set<ValueType>(['STRING', 'DNS_NAME', 'EMAIL_ADDRESS', 'URI', 'INT64', 'DOUBLE', 'DURATION', 'TIMESTAMP']);
const ADDABLE: ReadonlySet<ValueType> = new Set<ValueType>(['STRING', 'DNS_NAME', 'EMAIL_ADDRESS', 'URI', 'INT64', 'DOUBLE']);

class Checker {
  readonly errors: ExpressionError[] = [];
  readonly types = new Map<ExpressionNode, ValueType>();

  constructor(
    private readonly text: string,
    private readonly vocabulary: AttributeTypes,
  ) {}

  /** The node's type, or undefined once an error was reported under it (so errors do not cascade). */
  typeOf(node: ExpressionNode): ValueType | undefined {
    const type = this.compute(node);
    if (type !== undefined) this.types.set(node, type);
    return type;
  }

  private compute(node: ExpressionNode): ValueType | undefined {
    switch (node.kind) {
      case 'literal':
        return node.value.type;
      case 'attribute':
        return this.attribute(node.name, node);
      case 'index': {
        const target = this.expect(node.target, 'STRING_MAP', 'only a STRING_MAP can be indexed');
        const key = this.expect(node.key, 'STRING', 'a map key must be a STRING');
        return target && key ? 'STRING' : undefined;
      }
      case 'not':
        return this.expect(node.operand, 'BOOL', "'!' needs a BOOL operand") && 'BOOL';
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  private attribute(name: string, node: ExpressionNode): ValueType | undefined {
    const type = this.vocabulary.typeOf(name);
    if (type !== undefined) return type;
    const suggestion = closestName(name, this.vocabulary.names());
    const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
    this.report(node, 'unknown-attribute', `unknown attribute '${name}'${hint}`, suggestion);
    return undefined;
  }

  private binary(node: BinaryNode): ValueType | undefined {
    const { operator } = node;
    if (operator === '&&' || operator === '||') {
      const left = this.expect(node.left, 'BOOL', `'${operator}' needs BOOL operands`);
      const right = this.expect(node.right, 'BOOL', `'${operator}' needs BOOL operands`);
      return left && right ? 'BOOL' : undefined;
    }
    const left = this.typeOf(node.left);
    const right = this.typeOf(node.right);
    if (left === undefined || right === undefined) return undefined;
    if (left !== right) {
      const message = `type mismatch: '${operator}' needs both sides of one type, but ${this.source(node.left)} is ${left} and ${this.source(node.right)} is ${right}`;
      return this.report(node.right, 'type-mismatch', message);
    }
    const allowed = operator === '|' || (operator === '+' ? ADDABLE.has(left) : operator === '==' || operator === '!=' ? left !== 'STRING_MAP' : ORDERED.has(left));
    if (!allowed) return this.report({ pos: node.operatorPos }, 'type-mismatch', `'${operator}' is not defined for ${left}`);
    return operator === '|' || operator === '+' ? left : 'BOOL';
  }

  private call(node: CallNode): ValueType | undefined {
    const fn = lookupFunction(node.name);
    const target = node.target === undefined ? undefined : this.typeOf(node.target);
    const args = node.args.map((arg) => this.typeOf(arg));
    if (fn === undefined) {
      const suggestion = closestName(node.name, functionNames());
      const hint = suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
      return this.report(node, 'unknown-function', `unknown function '${node.name}'${hint}`, suggestion);
    }
    if (fn.method && node.target === undefined) {
      return this.report(node, 'unknown-function', `'${fn.name}' is a method: call it as <${fn.targetType}>.${fn.name}(...)`);
    }
    if (!fn.method && node.target !== undefined) {
      return this.report(node, 'unknown-function', `'${fn.name}' is a function, not a method: call it as ${fn.name}(...)`);
    }
    if (node.args.length !== fn.argumentTypes.length) {
      const message = `${fn.name} takes ${fn.argumentTypes.length} argument(s), got ${node.args.length}`;
      return this.report(node, 'argument-count', message);
    }
    if (node.target !== undefined && target !== undefined && target !== fn.targetType) {
      return this.report(node.target, 'type-mismatch', `${fn.name} must be called on a ${fn.targetType}, got ${target}`);
    }
    // Istio's rule: the first GENERIC argument fixes the type every later GENERIC one must have.
    let generic: ValueType | undefined;
    let failed = target === undefined && node.target !== undefined;
    node.args.forEach((arg, i) => {
      const actual = args[i];
      let expected = fn.argumentTypes[i];
      if (actual === undefined) return void (failed = true);
      if (expected === GENERIC && generic === undefined) return void (generic = actual);
      if (expected === GENERIC) expected = generic;
      if (actual !== expected) {
        this.report(arg, 'type-mismatch', `argument ${i + 1} of ${fn.name} must be ${expected}, got ${actual}`);
        failed = true;
      }
    });
    if (failed) return undefined;
    return fn.returnType === GENERIC ? generic : fn.returnType;
  }

  private expect(node: ExpressionNode, expected: ValueType, why: string): ValueType | undefined {
    const actual = this.typeOf(node);
    if (actual === undefined) return undefined;
    if (actual === expected) return actual;
    return this.report(node, 'type-mismatch', `${why}, but ${this.source(node)} is ${actual}`);
  }

  private source(node: ExpressionNode): string {
    return this.text.slice(node.pos, node.end);
  }

  private report(at: { pos: number }, reason: ExpressionError['reason'], message: string, suggestion?: string): undefined {
    this.errors.push({ reason, column: columnOf(at), message, ...(suggestion === undefined ? {} : { suggestion }) });
    return undefined;
  }
}
