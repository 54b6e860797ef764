import { InternalError } from '@tsmesh/shared-errors';
import { formatDuration } from './duration';
import { bad, describeRange, ok, parseBoolean, parseDurationValue, parseInteger, splitList, type ParsedValue } from './values';

export type { ParsedValue } from './values';

// Flag declarations. Each builder validates its default once, at declaration time, so a typo in
// a default is a crash on the first test run rather than a surprise in production.

export type FlagKind = 'port' | 'string' | 'integer' | 'boolean' | 'duration' | 'oneOf' | 'list';

export interface FlagSpec<T> {
  readonly kind: FlagKind;
  /** Name without dashes, kebab-case: `grpc-port`. */
  readonly flag: string;
  /** Environment variable consulted when the flag is absent. */
  readonly env: string | undefined;
  readonly description: string;
  readonly required: boolean;
  /** Already-parsed default; `undefined` when required or optional without default. */
  readonly defaultValue: T | undefined;
  /** Boolean flags take no value (`--verbose`), all others do. */
  readonly takesValue: boolean;
  /** Placeholder in usage text, e.g. `<port>`. */
  readonly valueName: string;
  parse(raw: string): ParsedValue<T>;
}

// `any` so that builders can hand out define()'s result under their precise return type:
// TypeScript cannot relate `Resolved<O, T>` to `T` inside a generic body.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFlagSpec = FlagSpec<any>;
export type FlagSpecs = { readonly [key: string]: AnyFlagSpec };

/** The frozen, typed configuration produced from a spec object. */
export type ConfigOf<S> = { readonly [K in keyof S]: S[K] extends FlagSpec<infer T> ? T : never };

export interface FlagOptions<D> {
  readonly flag: string;
  readonly env?: string;
  readonly description: string;
  readonly default?: D;
  /** A required flag has no default; absence is a ConfigError naming the flag and env var. */
  readonly required?: boolean;
}

/** Required or defaulted flags are always present; others may be `undefined`. */
export type Resolved<O, T> = O extends { required: true }
  ? T
  : O extends { default: infer D }
    ? [D] extends [undefined]
      ? T | undefined
      : T
    : T | undefined;

/** Validates the declaration and its default; each builder's signature is what ConfigOf reads. */
function define<T>(
  kind: FlagKind,
  options: FlagOptions<unknown>,
  valueName: string,
  parse: (raw: string) => ParsedValue<T>,
  toDefault: (value: unknown) => ParsedValue<T> = (value) => ok(value as T),
): AnyFlagSpec {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(options.flag)) {
    throw new InternalError(`flag name must be kebab-case without dashes in front, got "${options.flag}"`);
  }
  const required = options.required === true;
  if (required && options.default !== undefined) {
    throw new InternalError('a required flag cannot have a default', { field: `--${options.flag}` });
  }
  let defaultValue: T | undefined;
  if (options.default !== undefined) {
    const parsed = toDefault(options.default);
    if (!parsed.ok) throw new InternalError(`invalid default: ${parsed.reason}`, { field: `--${options.flag}` });
    defaultValue = parsed.value;
  }
  return Object.freeze({
    kind,
    flag: options.flag,
    env: options.env,
    description: options.description,
    required,
    defaultValue,
    takesValue: kind !== 'boolean',
    valueName,
    parse,
  });
}

/** Flag builders; see docs/conventions.md. */
export const flag = {
  /** TCP port 0..65535 (0 = pick a free port). */
  port<const O extends FlagOptions<number>>(options: O): FlagSpec<Resolved<O, number>> {
    const parse = (raw: string): ParsedValue<number> => parseInteger(raw, 0, 65_535, 'a port number 0..65535');
    return define('port', options, '<port>', parse, (value) => parse(String(value)));
  },

  string<const O extends FlagOptions<string>>(options: O): FlagSpec<Resolved<O, string>> {
    const required = options.required === true;
    return define('string', options, '<string>', (raw) =>
      required && raw === '' ? bad('is required and cannot be empty') : ok(raw),
    );
  },

  integer<const O extends FlagOptions<number> & { readonly min?: number; readonly max?: number }>(
    options: O,
  ): FlagSpec<Resolved<O, number>> {
    const min = options.min ?? Number.MIN_SAFE_INTEGER;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const parse = (raw: string): ParsedValue<number> => parseInteger(raw, min, max, describeRange(min, max));
    return define('integer', options, '<int>', parse, (value) => parse(String(value)));
  },

  /** `--x` sets true, `--x=false` sets false. Absent and without default: false. */
  boolean(options: Omit<FlagOptions<boolean>, 'required'>): FlagSpec<boolean> {
    return define('boolean', { ...options, default: options.default ?? false }, '', parseBoolean);
  },

  /** Go-style duration (`100ms`, `1h30m`); the value is milliseconds. Defaults may be text or ms. */
  duration<const O extends FlagOptions<number | string>>(options: O): FlagSpec<Resolved<O, number>> {
    const fromDefault = (value: unknown): ParsedValue<number> => {
      if (typeof value !== 'number') return parseDurationValue(String(value));
      return value >= 0 ? ok(value) : bad(`must not be negative, got ${value}`);
    };
    return define('duration', options, '<duration>', parseDurationValue, fromDefault);
  },

  oneOf<const V extends readonly string[], const O extends FlagOptions<V[number]>>(
    values: V,
    options: O,
  ): FlagSpec<Resolved<O, V[number]>> {
    const parse = (raw: string): ParsedValue<V[number]> =>
      values.includes(raw) ? ok(raw as V[number]) : bad(`must be one of ${values.join(', ')}, got "${raw}"`);
    return define('oneOf', options, values.join('|'), parse, (value) => parse(String(value)));
  },

  /** Comma separated; repeating the flag appends. Empty items are dropped. */
  list<const O extends FlagOptions<readonly string[]>>(options: O): FlagSpec<Resolved<O, readonly string[]>> {
    return define('list', options, '<a,b,...>', (raw) => ok(splitList(raw)), (value) => ok([...(value as string[])]));
  },
};

/** How a default is shown in usage text. */
export function formatDefault(spec: AnyFlagSpec): string | undefined {
  const value: unknown = spec.defaultValue;
  if (value === undefined) return undefined;
  if (spec.kind === 'duration') return formatDuration(value as number);
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(',');
  if (spec.kind === 'string') return JSON.stringify(value);
  return String(value);
}
