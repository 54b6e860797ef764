import { ExpressionEvaluationError } from './expression-errors';

// `.matches()` uses Go's regexp (RE2): an unanchored search. JavaScript's RegExp agrees on the
// syntax Istio configs use; the one common difference is Go's leading flag group `(?i)`,
// which JavaScript spells as a flag, so it is translated here.

const MAX_CACHED = 512;
const cache = new Map<string, RegExp>();

export function compileGoRegex(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  const flags = [...new Set((leading?.[1] ?? '').replace('U', ''))].join('');
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern.slice(leading?.[0].length ?? 0), flags);
  } catch (error) {
    throw new ExpressionEvaluationError(`invalid regular expression '${pattern}': ${(error as Error).message}`, { cause: error });
  }
  // Patterns come from config, so the set is small; the bound only guards against misuse.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

export function matchesRegex(pattern: string, value: string): boolean {
  return compileGoRegex(pattern).test(value);
}
