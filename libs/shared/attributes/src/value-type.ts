// Istio's attribute ValueType (istio.policy.v1beta1.ValueType), the type an attribute manifest
// declares for each attribute name. Names are the ones manifests use in YAML (`valueType: STRING`).

export const ValueType = {
  VALUE_TYPE_UNSPECIFIED: 'VALUE_TYPE_UNSPECIFIED',
  STRING: 'STRING',
  INT64: 'INT64',
  DOUBLE: 'DOUBLE',
  BOOL: 'BOOL',
  TIMESTAMP: 'TIMESTAMP',
  IP_ADDRESS: 'IP_ADDRESS',
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  URI: 'URI',
  DNS_NAME: 'DNS_NAME',
  DURATION: 'DURATION',
  STRING_MAP: 'STRING_MAP',
} as const;
export type ValueType = (typeof ValueType)[keyof typeof ValueType];

/** Proto enum numbers, for messages that carry the type as an integer. */
export const VALUE_TYPE_NUMBERS: Readonly<Record<ValueType, number>> = Object.freeze({
  VALUE_TYPE_UNSPECIFIED: 0,
  STRING: 1,
  INT64: 2,
  DOUBLE: 3,
  BOOL: 4,
  TIMESTAMP: 5,
  IP_ADDRESS: 6,
  EMAIL_ADDRESS: 7,
  URI: 8,
  DNS_NAME: 9,
  DURATION: 10,
  STRING_MAP: 11,
});

/**
 * The shapes a value takes on the wire (one per CompressedAttributes map). Several ValueTypes
 * share one: EMAIL_ADDRESS, URI and DNS_NAME travel as strings, IP_ADDRESS as bytes. `bytes`
 * has no ValueType of its own in Istio 1.2.
 */
export type WireKind = 'string' | 'int64' | 'double' | 'bool' | 'timestamp' | 'duration' | 'bytes' | 'stringMap';

const WIRE_KIND_OF: Readonly<Record<ValueType, WireKind | undefined>> = Object.freeze({
  VALUE_TYPE_UNSPECIFIED: undefined,
  STRING: 'string',
  INT64: 'int64',
  DOUBLE: 'double',
  BOOL: 'bool',
  TIMESTAMP: 'timestamp',
  IP_ADDRESS: 'bytes',
  EMAIL_ADDRESS: 'string',
  URI: 'string',
  DNS_NAME: 'string',
  DURATION: 'duration',
  STRING_MAP: 'stringMap',
});

/** How a value of this type is carried on the wire; undefined for VALUE_TYPE_UNSPECIFIED. */
export function wireKindOf(type: ValueType): WireKind | undefined {
  return WIRE_KIND_OF[type];
}

/** Parses a manifest's `valueType`; undefined when it is not one of Istio's names. */
export function parseValueType(name: string): ValueType | undefined {
  return Object.prototype.hasOwnProperty.call(ValueType, name) ? (name as ValueType) : undefined;
}
