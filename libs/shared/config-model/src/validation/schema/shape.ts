import { IssueSink, keyPath } from '../issues';
import { isObject, toCamel, type Json } from './access';
import { parseGoDuration } from '../common/duration';

/**
 * A tiny description of the Istio 1.2 proto messages, enough to reject unknown fields and
 * wrong JSON types the way galley's jsonpb decode would, with a path for each problem.
 */
export type FieldType =
  | { kind: 'string' | 'bool' | 'int' | 'uint' | 'int64' | 'double' | 'duration' | 'any' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; of: FieldType }
  | { kind: 'map'; of: FieldType }
  | { kind: 'message'; fields: () => Fields };

export type Fields = Record<string, FieldType>;

export const t = {
  string: { kind: 'string' } as FieldType,
  bool: { kind: 'bool' } as FieldType,
  int: { kind: 'int' } as FieldType,
  uint: { kind: 'uint' } as FieldType,
  /** int64/uint64: jsonpb takes a JSON number or a decimal string ("5000"). */
  int64: { kind: 'int64' } as FieldType,
  double: { kind: 'double' } as FieldType,
  duration: { kind: 'duration' } as FieldType,
  /** google.protobuf.Struct and similar free-form values. */
  any: { kind: 'any' } as FieldType,
  strings: { kind: 'list', of: { kind: 'string' } } as FieldType,
  stringMap: { kind: 'map', of: { kind: 'string' } } as FieldType,
  enumOf: (values: readonly string[]): FieldType => ({ kind: 'enum', values }),
  list: (of: FieldType): FieldType => ({ kind: 'list', of }),
  map: (of: FieldType): FieldType => ({ kind: 'map', of }),
  /** Lazy so that messages can refer to each other regardless of declaration order. */
  message: (fields: () => Fields): FieldType => ({ kind: 'message', fields }),
};

function describe(value: Json): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Walks `value` against `type`, reporting unknown fields and type mismatches; null counts as unset. */
export function checkShape(value: Json, type: FieldType, path: string, sink: IssueSink): void {
  if (value === null || value === undefined) return;
  switch (type.kind) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') sink.error(path, `expected a string, got ${describe(value)}`);
      return;
    case 'bool':
      if (typeof value !== 'boolean') sink.error(path, `expected a boolean, got ${describe(value)}`);
      return;
    case 'double':
      if (typeof value !== 'number') sink.error(path, `expected a number, got ${describe(value)}`);
      return;
    case 'int':
    case 'uint':
      checkInteger(value, type.kind === 'uint', path, sink);
      return;
    case 'int64':
      checkInteger(typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value, false, path, sink);
      return;
    case 'duration':
      if (typeof value !== 'string') sink.error(path, `expected a duration string such as "1.5s", got ${describe(value)}`);
      else if (parseGoDuration(value) === undefined) sink.error(path, `invalid duration ${JSON.stringify(value)}`);
      return;
    case 'enum':
      checkEnum(value, type.values, path, sink);
      return;
    case 'list':
      if (!Array.isArray(value)) sink.error(path, `expected a list, got ${describe(value)}`);
      else value.forEach((item, i) => checkShape(item, type.of, `${path}[${i}]`, sink));
      return;
    case 'map':
      if (!isObject(value)) sink.error(path, `expected a map, got ${describe(value)}`);
      else for (const [k, v] of Object.entries(value)) checkShape(v, type.of, keyPath(path, k), sink);
      return;
    case 'message':
      checkMessage(value, type.fields(), path, sink);
  }
}

function checkInteger(value: Json, unsigned: boolean, path: string, sink: IssueSink): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    sink.error(path, `expected an integer, got ${describe(value)}`);
  } else if (unsigned && value < 0) {
    sink.error(path, `expected a non-negative integer, got ${value}`);
  }
}

function checkEnum(value: Json, values: readonly string[], path: string, sink: IssueSink): void {
  const ok = typeof value === 'string' ? values.includes(value) : typeof value === 'number' && value in values;
  if (!ok) sink.error(path, `invalid value ${JSON.stringify(value)}, expected one of ${values.join(', ')}`);
}

function checkMessage(value: Json, fields: Fields, path: string, sink: IssueSink): void {
  if (!isObject(value)) {
    sink.error(path, `expected an object, got ${describe(value)}`);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    // jsonpb accepts the proto (snake_case) name as well as the JSON (camelCase) name.
    const fieldType = fields[key] ?? fields[toCamel(key)];
    if (fieldType === undefined) {
      sink.error(keyPath(path, key), `unknown field "${key}"`);
      continue;
    }
    checkShape(child, fieldType, keyPath(path, key), sink);
  }
}
