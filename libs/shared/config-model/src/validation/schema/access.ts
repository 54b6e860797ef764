/**
 * Typed reads of raw JSON specs. Istio's jsonpb accepts both the camelCase JSON name and the
 * snake_case proto name of each field, so every read looks up both spellings.
 */
export type Json = unknown;
export type JsonObject = Record<string, unknown>;

export function toSnake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function toCamel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a field by its camelCase name, falling back to the snake_case proto name; null means unset. */
export function field(obj: Json, camel: string): Json {
  if (!isObject(obj)) return undefined;
  const direct = obj[camel];
  if (direct !== undefined && direct !== null) return direct;
  const snake = obj[toSnake(camel)];
  return snake === null ? undefined : snake;
}

export function has(obj: Json, camel: string): boolean {
  return field(obj, camel) !== undefined;
}

export function str(obj: Json, camel: string): string {
  const v = field(obj, camel);
  return typeof v === 'string' ? v : '';
}

export function num(obj: Json, camel: string): number {
  const v = field(obj, camel);
  return typeof v === 'number' ? v : 0;
}

export function bool(obj: Json, camel: string): boolean {
  return field(obj, camel) === true;
}

/** Wrong-typed values read as empty here; the shape walker has already reported the type error. */
export function list(obj: Json, camel: string): Json[] {
  const v = field(obj, camel);
  return Array.isArray(v) ? v : [];
}

export function strings(obj: Json, camel: string): string[] {
  return list(obj, camel).filter((v): v is string => typeof v === 'string');
}

export function entries(obj: Json, camel: string): Array<[string, Json]> {
  const v = field(obj, camel);
  return isObject(v) ? Object.entries(v) : [];
}

export function obj(parent: Json, camel: string): JsonObject | undefined {
  const v = field(parent, camel);
  return isObject(v) ? v : undefined;
}

/** Enum fields may be given as the name or the proto number; this returns the name. */
export function enumName(parent: Json, camel: string, values: readonly string[]): string {
  const v = field(parent, camel);
  if (typeof v === 'number') return values[v] ?? '';
  return typeof v === 'string' ? v : (values[0] ?? '');
}

/** An int64 field: jsonpb takes a JSON number or a decimal string. 0 when unset or malformed. */
export function int64(obj: Json, camel: string): number {
  const v = field(obj, camel);
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : 0;
}
