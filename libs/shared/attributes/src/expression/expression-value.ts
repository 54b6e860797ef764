import { Attr, type AttributeValue } from '../attribute-value';
import type { ValueType } from '../value-type';

/**
 * A value produced by an expression, tagged with its Istio ValueType rather than its wire shape:
 * DNS_NAME, EMAIL_ADDRESS and URI travel as strings but compare by their own rules, so the
 * evaluator must know which one it holds. INT64 and DURATION (nanoseconds) are bigints so
 * 64-bit values survive.
 */
export type ExpressionValue =
  | { readonly type: 'STRING' | 'DNS_NAME' | 'EMAIL_ADDRESS' | 'URI'; readonly value: string }
  | { readonly type: 'INT64' | 'DURATION'; readonly value: bigint }
  | { readonly type: 'DOUBLE'; readonly value: number }
  | { readonly type: 'BOOL'; readonly value: boolean }
  | { readonly type: 'TIMESTAMP'; readonly value: Date }
  | { readonly type: 'IP_ADDRESS'; readonly value: Uint8Array }
  | { readonly type: 'STRING_MAP'; readonly value: ReadonlyMap<string, string> };

export const ExprValue = {
  string: (value: string): ExpressionValue => ({ type: 'STRING', value }),
  int64: (value: bigint | number): ExpressionValue => ({ type: 'INT64', value: BigInt(value) }),
  double: (value: number): ExpressionValue => ({ type: 'DOUBLE', value }),
  bool: (value: boolean): ExpressionValue => ({ type: 'BOOL', value }),
  durationNanos: (value: bigint): ExpressionValue => ({ type: 'DURATION', value }),
  timestamp: (value: Date): ExpressionValue => ({ type: 'TIMESTAMP', value }),
  ip: (value: Uint8Array): ExpressionValue => ({ type: 'IP_ADDRESS', value }),
  stringMap: (value: ReadonlyMap<string, string>): ExpressionValue => ({ type: 'STRING_MAP', value }),
} as const;

/**
 * Reads a bag value as the type the vocabulary declares for it. Undefined when the wire shape
 * cannot carry that type (a bag built against another vocabulary), so the caller can say so.
 */
export function fromAttributeValue(attribute: AttributeValue, declared: ValueType): ExpressionValue | undefined {
  switch (declared) {
    case 'STRING':
    case 'DNS_NAME':
    case 'EMAIL_ADDRESS':
    case 'URI':
      return attribute.kind === 'string' ? { type: declared, value: attribute.value } : undefined;
    case 'INT64':
      return attribute.kind === 'int64' ? { type: declared, value: attribute.value } : undefined;
    case 'DURATION':
      return attribute.kind === 'duration' ? { type: declared, value: attribute.value } : undefined;
    case 'DOUBLE':
      return attribute.kind === 'double' ? { type: declared, value: attribute.value } : undefined;
    case 'BOOL':
      return attribute.kind === 'bool' ? { type: declared, value: attribute.value } : undefined;
    case 'TIMESTAMP':
      return attribute.kind === 'timestamp' ? { type: declared, value: attribute.value } : undefined;
    case 'IP_ADDRESS':
      return attribute.kind === 'bytes' ? { type: declared, value: attribute.value } : undefined;
    case 'STRING_MAP':
      return attribute.kind === 'stringMap' ? { type: declared, value: attribute.value } : undefined;
    default:
      return undefined;
  }
}

/** The attribute form of a result, for mixer to hand an evaluated instance field to adapters. */
export function toAttributeValue(result: ExpressionValue): AttributeValue {
  switch (result.type) {
    case 'STRING':
    case 'DNS_NAME':
    case 'EMAIL_ADDRESS':
    case 'URI':
      return Attr.string(result.value);
    case 'INT64':
      return Attr.int64(result.value);
    case 'DURATION':
      return Attr.durationNanos(result.value);
    case 'DOUBLE':
      return Attr.double(result.value);
    case 'BOOL':
      return Attr.bool(result.value);
    case 'TIMESTAMP':
      return Attr.timestamp(result.value);
    case 'IP_ADDRESS':
      return Attr.bytes(result.value);
    case 'STRING_MAP':
      return Attr.stringMap(result.value);
  }
}
