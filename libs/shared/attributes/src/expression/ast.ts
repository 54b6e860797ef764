import type { ExpressionValue } from './expression-value';

// The syntax tree of one CEXL expression. Every node keeps its source offsets so the type
// checker can point at the exact column that is wrong. Operators stay as their own node kinds
// (Istio rewrites them to intrinsic calls like EQ/LAND, which only makes error messages worse).

interface Span {
  /** 0-based offset of the node's first character in the expression text. */
  readonly pos: number;
  /** 0-based offset just past the node's last character. */
  readonly end: number;
}

export interface LiteralNode extends Span {
  readonly kind: 'literal';
  readonly value: ExpressionValue;
  /** The literal as written, quotes included. */
  readonly text: string;
}

/** A dotted attribute name such as `request.headers`: CEXL's namespace is flat. */
export interface AttributeNode extends Span {
  readonly kind: 'attribute';
  readonly name: string;
}

/** `map[key]`: a lookup in a STRING_MAP. */
export interface IndexNode extends Span {
  readonly kind: 'index';
  readonly target: ExpressionNode;
  readonly key: ExpressionNode;
}

export interface NotNode extends Span {
  readonly kind: 'not';
  readonly operand: ExpressionNode;
}

export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '|' | '+';

export interface BinaryNode extends Span {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  /** Offset of the operator itself, where type errors about it point. */
  readonly operatorPos: number;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

/** `name(args)` or the method form `target.name(args)`. */
export interface CallNode extends Span {
  readonly kind: 'call';
  readonly name: string;
  readonly target: ExpressionNode | undefined;
  readonly args: readonly ExpressionNode[];
}

export type ExpressionNode = LiteralNode | AttributeNode | IndexNode | NotNode | BinaryNode | CallNode;

/** 1-based column of a node, the way editors and error messages count. */
export function columnOf(node: { readonly pos: number }): number {
  return node.pos + 1;
}

/**
 * Prints a node back as CEXL with every binary operation parenthesised, so tests and debug
 * output show exactly how precedence grouped the text.
 */
export function formatExpression(node: ExpressionNode): string {
  switch (node.kind) {
    case 'literal':
      return node.text;
    case 'attribute':
      return node.name;
    case 'index':
      return `${formatExpression(node.target)}[${formatExpression(node.key)}]`;
    case 'not':
      return `!${formatExpression(node.operand)}`;
    case 'binary':
      return `(${formatExpression(node.left)} ${node.operator} ${formatExpression(node.right)})`;
    case 'call': {
      const args = node.args.map(formatExpression).join(', ');
      return node.target === undefined ? `${node.name}(${args})` : `${formatExpression(node.target)}.${node.name}(${args})`;
    }
  }
}
