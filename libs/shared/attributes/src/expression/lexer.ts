import { ExpressionSyntaxError } from './expression-errors';

// CEXL is "a subset of Go expressions", so tokens follow Go's rules: identifiers, decimal
// numbers, "interpreted", `raw` and 'c'har literals with Go escapes. Operators Go has but
// CEXL never accepted (-, *, /, ...) are rejected here with a clear message rather than
// parsed and then reported as a mysterious unknown function.

export type TokenKind = 'identifier' | 'integer' | 'float' | 'string' | 'operator' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written. */
  readonly text: string;
  /** For strings: the decoded value. */
  readonly value: string;
  readonly pos: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '|', '+', '(', ')', '[', ']', ',', '.'];
const UNSUPPORTED = ['<<', '>>', '&^', '-', '*', '/', '%', '^', '&', '='];
const NUMBER = /^(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?/;
const IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const rest = text.slice(pos);
    const space = /^\s+/.exec(rest);
    if (space) {
      pos += space[0].length;
      continue;
    }
    const token = readToken(text, rest, pos);
    tokens.push(token);
    pos += token.text.length;
  }
  tokens.push({ kind: 'end', text: '', value: '', pos: text.length });
  return tokens;
}

function readToken(text: string, rest: string, pos: number): Token {
  const first = rest[0] ?? '';
  if (first === '"' || first === '`' || first === "'") return readQuoted(text, pos, first);
  const number = NUMBER.exec(rest);
  if (number && !/^\.\D/.test(rest)) {
    const after = rest[number[0].length];
    if (after !== undefined && /[\p{L}\p{Nd}_.]/u.test(after)) {
      throw new ExpressionSyntaxError(`malformed number '${rest.slice(0, number[0].length + 1)}'`, pos);
    }
    const isFloat = /[.eE]/.test(number[0]);
    return { kind: isFloat ? 'float' : 'integer', text: number[0], value: number[0], pos };
  }
  const identifier = IDENTIFIER.exec(rest);
  if (identifier) return { kind: 'identifier', text: identifier[0], value: identifier[0], pos };
  const operator = OPERATORS.find((op) => rest.startsWith(op));
  const unsupported = UNSUPPORTED.find((op) => rest.startsWith(op));
  if (operator !== undefined && (unsupported === undefined || operator.length >= unsupported.length)) {
    return { kind: 'operator', text: operator, value: operator, pos };
  }
  if (unsupported !== undefined) {
    throw new ExpressionSyntaxError(`operator '${unsupported}' is not supported by the expression language`, pos);
  }
  throw new ExpressionSyntaxError(`unexpected character '${first}'`, pos);
}

function readQuoted(text: string, start: number, quote: string): Token {
  let pos = start + 1;
  let value = '';
  while (pos < text.length && text[pos] !== quote) {
    const char = text[pos] ?? '';
    if (quote === '`') {
      if (char !== '\r') value += char; // Go drops carriage returns from raw strings
      pos++;
      continue;
    }
    if (char === '\n') break;
    if (char !== '\\') {
      value += char;
      pos++;
      continue;
    }
    const escape = readEscape(text, pos, quote);
    value += escape.value;
    pos = escape.next;
  }
  if (pos >= text.length || text[pos] !== quote) {
    throw new ExpressionSyntaxError(quote === "'" ? 'unterminated character literal' : 'unterminated string literal', start);
  }
  if (quote === "'" && [...value].length !== 1) {
    throw new ExpressionSyntaxError('a character literal must hold exactly one character', start);
  }
  return { kind: 'string', text: text.slice(start, pos + 1), value, pos: start };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
};

function readEscape(text: string, pos: number, quote: string): { value: string; next: number } {
  const kind = text[pos + 1] ?? '';
  const simple = SIMPLE_ESCAPES[kind];
  if (simple !== undefined) return { value: simple, next: pos + 2 };
  if (kind === quote) return { value: quote, next: pos + 2 };
  const hexDigits = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
  if (hexDigits > 0) {
    const digits = text.slice(pos + 2, pos + 2 + hexDigits);
    if (!new RegExp(`^[0-9a-fA-F]{${hexDigits}}$`).test(digits)) {
      throw new ExpressionSyntaxError(`invalid \\${kind} escape: expected ${hexDigits} hex digits`, pos);
    }
    const code = parseInt(digits, 16);
    if (kind === 'x') return { value: Buffer.from([code]).toString('latin1'), next: pos + 2 + hexDigits };
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new ExpressionSyntaxError(`invalid \\${kind} escape: not a Unicode code point`, pos);
    }
    return { value: String.fromCodePoint(code), next: pos + 2 + hexDigits };
  }
  const octal = text.slice(pos + 1, pos + 4);
  if (/^[0-7]{3}$/.test(octal) && parseInt(octal, 8) <= 255) {
    return { value: String.fromCharCode(parseInt(octal, 8)), next: pos + 4 };
  }
  throw new ExpressionSyntaxError(`unknown escape sequence '\\${kind}'`, pos);
}
