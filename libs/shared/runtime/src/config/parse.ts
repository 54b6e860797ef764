import { ConfigError, InternalError } from '@tsmesh/shared-errors';
import type { AnyFlagSpec, ConfigOf, FlagSpecs } from './flags';
import { closestName } from './suggest';

type Env = Readonly<Record<string, string | undefined>>;

export interface ParseInput {
  /** Arguments after the script name, e.g. `process.argv.slice(2)`. */
  readonly argv: readonly string[];
  /** Defaults to no environment, so tests are hermetic; runComponent passes `process.env`. */
  readonly env?: Env;
}

export type ConfigParseResult<S> =
  | { readonly kind: 'help' }
  | { readonly kind: 'config'; readonly config: ConfigOf<S> };

/**
 * Parses `--flag value` / `--flag=value` arguments, falling back to env vars, then defaults.
 * Precedence: flag > env > default. An env var set to the empty string counts as unset
 * (Kubernetes manifests often render optional variables empty).
 * Throws ConfigError with `field` = `--flag-name` on the first problem.
 */
export function parseArgs<S extends FlagSpecs>(spec: S, input: ParseInput): ConfigParseResult<S> {
  const byFlag = indexByFlag(spec);
  const fromFlags = new Map<string, string[]>();
  const argv = input.argv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('--') || arg === '--') {
      throw new ConfigError(`unexpected argument "${arg}" (flags look like --name value or --name=value)`, { field: arg });
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const key = byFlag.get(name);
    const field = `--${name}`;
    if (key === undefined) {
      const suggestion = closestName(name, [...byFlag.keys()]);
      throw new ConfigError(`unknown flag${suggestion ? `; did you mean --${suggestion}?` : ' (try --help)'}`, { field });
    }
    const entry = spec[key] as AnyFlagSpec;
    let text: string;
    if (eq !== -1) {
      text = arg.slice(eq + 1);
    } else if (!entry.takesValue) {
      text = 'true';
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`needs a value ${entry.valueName}`, { field });
      text = next;
      i++;
    }
    fromFlags.set(key, [...(fromFlags.get(key) ?? []), text]);
  }

  const config: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(spec)) {
    config[key] = resolveValue(entry, fromFlags.get(key), input.env ?? {});
  }
  return { kind: 'config', config: deepFreeze(config) as ConfigOf<S> };
}

/** Like {@link parseArgs} but for callers that never show usage (tests, embedded use). */
export function parseConfig<S extends FlagSpecs>(spec: S, input: ParseInput): ConfigOf<S> {
  const result = parseArgs(spec, input);
  if (result.kind === 'help') throw new ConfigError('usage requested; nothing parsed', { field: '--help' });
  return result.config;
}

function resolveValue(entry: AnyFlagSpec, raws: readonly string[] | undefined, env: Env): unknown {
  const field = `--${entry.flag}`;
  if (raws !== undefined) {
    const values = raws.map((raw) => parseOrThrow(entry, raw, field, ''));
    // Repeating a list flag appends; for every other kind the last occurrence wins.
    return entry.kind === 'list' ? values.flat() : values[values.length - 1];
  }
  const envText = entry.env === undefined ? undefined : env[entry.env];
  if (envText !== undefined && envText !== '') {
    return parseOrThrow(entry, envText, field, ` (from env ${entry.env})`);
  }
  if (entry.defaultValue !== undefined) return entry.defaultValue;
  if (entry.required) {
    throw new ConfigError(`is required${entry.env ? ` (or set env ${entry.env})` : ''}`, { field });
  }
  return undefined;
}

function parseOrThrow(entry: AnyFlagSpec, text: string, field: string, origin: string): unknown {
  const parsed = entry.parse(text);
  if (!parsed.ok) throw new ConfigError(`${parsed.reason}${origin}`, { field });
  return parsed.value;
}

function indexByFlag(spec: FlagSpecs): Map<string, string> {
  const byFlag = new Map<string, string>();
  for (const [key, entry] of Object.entries(spec)) {
    const taken = byFlag.get(entry.flag);
    if (taken !== undefined) {
      throw new InternalError(`flag declared twice, by "${taken}" and "${key}"`, { field: `--${entry.flag}` });
    }
    if (entry.flag === 'help') throw new InternalError('--help is reserved for usage', { field: '--help' });
    byFlag.set(entry.flag, key);
  }
  return byFlag;
}

/** Freezes objects and arrays recursively so config cannot drift after startup. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
