import { parseDuration } from './duration';

// Parsers from raw text (a flag or env value) to typed values. They return a reason naming the
// bad value instead of throwing; the caller adds the flag name and where the value came from.

/** Outcome of parsing one raw value. */
export type ParsedValue<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const ok = <T>(value: T): ParsedValue<T> => ({ ok: true, value });
export const bad = <T>(reason: string): ParsedValue<T> => ({ ok: false, reason });

export function parseInteger(raw: string, min: number, max: number, what: string): ParsedValue<number> {
  const text = raw.trim();
  const value = Number(text);
  if (!/^[-+]?\d+$/.test(text) || !Number.isSafeInteger(value)) return bad(`must be ${what}, got "${raw}"`);
  if (value < min || value > max) return bad(`must be ${what}, got ${value}`);
  return ok(value);
}

export const describeRange = (min: number, max: number): string =>
  min === Number.MIN_SAFE_INTEGER && max === Number.MAX_SAFE_INTEGER
    ? 'an integer'
    : min === Number.MIN_SAFE_INTEGER
      ? `an integer <= ${max}`
      : max === Number.MAX_SAFE_INTEGER
        ? `an integer >= ${min}`
        : `an integer in ${min}..${max}`;

const TRUE_WORDS = new Set(['true', '1', 't', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'f', 'no']);

export function parseBoolean(raw: string): ParsedValue<boolean> {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return bad(`must be true or false, got "${raw}"`);
}

export function parseDurationValue(raw: string): ParsedValue<number> {
  const parsed = parseDuration(raw);
  return parsed.ok ? ok(parsed.ms) : bad(parsed.reason);
}

export const splitList = (raw: string): readonly string[] =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
