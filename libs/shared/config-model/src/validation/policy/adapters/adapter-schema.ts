import type { IssueSink } from '../../issues';
import { field, str, type Json, type JsonObject } from '../../schema/access';
import type { Fields } from '../../schema/shape';
import { parseGoDuration } from '../../common/duration';

/**
 * The `params` of one of Istio 1.2's compiled-in adapters (mixer/adapter/<name>/config/config.proto):
 * its message shape plus the static checks of the adapter's own `Validate()`. Mixer decodes params
 * over the adapter's DefaultConfig (mixer/adapter/metadata/inventory.go), so a rule only fires on
 * what the user wrote or on a default that cannot work. Paths are rooted at `base` (`spec.params`
 * for a generic handler, `spec` for a per-adapter kind such as `kind: prometheus`).
 */
export interface AdapterParams {
  fields: Fields;
  rules(params: JsonObject, base: string, sink: IssueSink): void;
}

export const noRules = (): void => undefined;

/** Go's time.Duration of a field in nanoseconds; undefined when unset or unparseable (shape reports that). */
export function durationOf(parent: Json, name: string): number | undefined {
  const v = field(parent, name);
  return typeof v === 'string' ? parseGoDuration(v) : undefined;
}

export function positiveDuration(parent: Json, name: string, path: string, sink: IssueSink): void {
  const nanos = durationOf(parent, name);
  if (nanos !== undefined && nanos <= 0) sink.error(path, `${name} must be a positive duration`);
}

export function nonNegativeDuration(parent: Json, name: string, path: string, sink: IssueSink): void {
  const nanos = durationOf(parent, name);
  if (nanos !== undefined && nanos < 0) sink.error(path, `${name} must not be negative`);
}

/** Go's net.SplitHostPort as the adapters use it: `host:port`, `[v6]:port`, the host may be empty. */
export function isHostPort(address: string): boolean {
  return /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]*):\d{1,5}$/.test(address);
}

/** An address field the adapter dials: when given it must be host:port. */
export function hostPortField(params: JsonObject, name: string, base: string, sink: IssueSink): void {
  const address = str(params, name);
  if (address && !isHostPort(address)) sink.error(`${base}.${name}`, `invalid address "${address}", expected host:port`);
}

/** Go's url.ParseRequestURI: an absolute URL or an absolute path, no fragment-only or relative text. */
export function isRequestUri(text: string): boolean {
  if (text.startsWith('/')) return !/\s/.test(text);
  try {
    const url = new URL(text);
    return url.protocol !== '' && !/\s/.test(text);
  } catch {
    return false;
  }
}

/**
 * A sampling probability outside 0..1. Istio 1.2's galley admits it (its own e2e data applies a
 * zipkin handler with `sampleProbability: 20` as valid); the adapter's Validate() refuses it only
 * when Mixer builds the handler, so it is a warning here.
 */
export function probabilityField(params: JsonObject, name: string, base: string, sink: IssueSink): void {
  const v = field(params, name);
  if (typeof v === 'number' && (v < 0 || v > 1)) {
    sink.warn(`${base}.${name}`, `${name} ${v} is outside 0..1; the adapter refuses the handler when Mixer builds it`);
  }
}
