import type { AttributeNode, BinaryOperator, CallNode, ExpressionNode, LiteralNode } from './ast';
import { ExpressionSyntaxError, type ExpressionError } from './expression-errors';
import { ExprValue } from './expression-value';
import { parseGoDuration } from './go-duration';
import { tokenize, type Token } from './lexer';

// Precedence follows Go, whose expression grammar CEXL borrows: `|` and `+` bind tighter than
// comparisons, so `a | "x" == "y"` means `(a | "x") == "y"`; `!` binds tightest of all.
const PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '|': 4, '+': 4,
};

const MAX_INT64 = (1n << 63n) - 1n;

export type ParseResult = { readonly ok: true; readonly ast: ExpressionNode } | { readonly ok: false; readonly errors: ExpressionError[] };

/** Parses CEXL text into a syntax tree; a syntax error carries the 1-based column where it is. */
export function parseExpression(text: string): ParseResult {
  try {
    return { ok: true, ast: new Parser(tokenize(text)).parseWhole() };
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    return { ok: false, errors: [{ reason: 'syntax', column: error.pos + 1, message: error.message }] };
  }
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseWhole(): ExpressionNode {
    if (this.peek().kind === 'end') throw new ExpressionSyntaxError('expression is empty', 0);
    const node = this.parseBinary(1);
    const next = this.peek();
    if (next.kind !== 'end') throw new ExpressionSyntaxError(`unexpected '${next.text}' after the end of the expression`, next.pos);
    return node;
  }

  private parseBinary(minPrecedence: number): ExpressionNode {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const precedence = token.kind === 'operator' ? PRECEDENCE[token.text as BinaryOperator] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.index++;
      // Every CEXL binary operator is left-associative, as in Go.
      const right = this.parseBinary(precedence + 1);
      const operator = token.text as BinaryOperator;
      left = { kind: 'binary', operator, operatorPos: token.pos, left, right, pos: left.pos, end: right.end };
    }
  }

  private parseUnary(): ExpressionNode {
    const token = this.peek();
    if (token.kind === 'operator' && token.text === '!') {
      this.index++;
      const operand = this.parseUnary();
      return { kind: 'not', operand, pos: token.pos, end: operand.end };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(node: ExpressionNode): ExpressionNode {
    for (;;) {
      if (this.atOperator('[')) {
        this.index++;
        const key = this.parseBinary(1);
        const close = this.expect(']', 'to close the map index');
        node = { kind: 'index', target: node, key, pos: node.pos, end: close.pos + 1 };
      } else if (this.atOperator('.')) {
        this.index++;
        const name = this.expectIdentifier();
        if (!this.atOperator('(')) {
          throw new ExpressionSyntaxError(`'.${name.text}' must be a method call here, e.g. .${name.text}(...)`, name.pos);
        }
        node = this.parseCall(name, node, node.pos);
      } else {
        return node;
      }
    }
  }

  private parsePrimary(): ExpressionNode {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return this.stringLiteral(token);
      case 'integer': {
        const value = BigInt(token.text);
        if (value > MAX_INT64) throw new ExpressionSyntaxError(`integer ${token.text} does not fit in INT64`, token.pos);
        return literal(token, ExprValue.int64(value));
      }
      case 'float':
        return literal(token, ExprValue.double(Number(token.text)));
      case 'identifier':
        return this.identifierExpression(token);
      case 'operator':
        if (token.text === '(') {
          const inner = this.parseBinary(1);
          this.expect(')', 'to close the parenthesis');
          return inner;
        }
        throw new ExpressionSyntaxError(`unexpected '${token.text}'`, token.pos);
      case 'end':
        throw new ExpressionSyntaxError('expression ends too early', token.pos);
    }
  }

  // `a.b.c` is one attribute name; `a.b.c(...)` calls method c on attribute a.b; `f(...)` calls f.
  private identifierExpression(first: Token): ExpressionNode {
    if (this.atOperator('(')) return this.parseCall(first, undefined, first.pos);
    const lower = first.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return literal(first, ExprValue.bool(lower === 'true'));
    let name = first.text;
    let end = first.pos + first.text.length;
    while (this.atOperator('.') && this.peek(1).kind === 'identifier' && !this.atOperator('(', 2)) {
      const segment = this.peek(1);
      this.index += 2;
      name += `.${segment.text}`;
      end = segment.pos + segment.text.length;
    }
    const attribute: AttributeNode = { kind: 'attribute', name, pos: first.pos, end };
    return attribute;
  }

  private parseCall(name: Token, target: ExpressionNode | undefined, pos: number): CallNode {
    this.expect('(', 'to start the argument list');
    const args: ExpressionNode[] = [];
    while (!this.atOperator(')')) {
      if (args.length > 0) this.expect(',', 'between arguments');
      args.push(this.parseBinary(1));
    }
    const close = this.expect(')', 'to close the argument list');
    return { kind: 'call', name: name.text, target, args, pos, end: close.pos + 1 };
  }

  // Istio types a string literal as DURATION whenever Go's ParseDuration accepts it.
  private stringLiteral(token: Token): LiteralNode {
    const duration = parseGoDuration(token.value);
    return literal(token, duration === undefined ? ExprValue.string(token.value) : ExprValue.durationNanos(duration));
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private atOperator(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'operator' && token.text === text;
  }

  private expect(text: string, why: string): Token {
    const token = this.peek();
    if (!this.atOperator(text)) {
      const found = token.kind === 'end' ? 'the end of the expression' : `'${token.text}'`;
      throw new ExpressionSyntaxError(`expected '${text}' ${why}, found ${found}`, token.pos);
    }
    this.index++;
    return token;
  }

  private expectIdentifier(): Token {
    const token = this.next();
    if (token.kind !== 'identifier') throw new ExpressionSyntaxError(`expected a name after '.', found '${token.text}'`, token.pos);
    return token;
  }
}

function literal(token: Token, value: LiteralNode['value']): LiteralNode {
  return { kind: 'literal', value, text: token.text, pos: token.pos, end: token.pos + token.text.length };
}
