import type { HeaderValueOption } from '@tsmesh/contracts/envoy/config/core/v3/base';
import type { Headers } from '@tsmesh/contracts/istio/networking/v1alpha3/virtual_service';

/** Envoy's four header-mutation fields, as they appear on a route and on a weighted cluster. */
export interface HeaderMutations {
  requestHeadersToAdd: HeaderValueOption[];
  requestHeadersToRemove: string[];
  responseHeadersToAdd: HeaderValueOption[];
  responseHeadersToRemove: string[];
}

/** The legacy (pre-`headers`) fields a route or a destination may carry; `appendHeaders` exists on routes only. */
export interface LegacyHeaderFields {
  readonly headers?: Headers | undefined;
  readonly appendHeaders?: Readonly<Record<string, string>>;
  readonly appendRequestHeaders: Readonly<Record<string, string>>;
  readonly appendResponseHeaders: Readonly<Record<string, string>>;
  readonly removeRequestHeaders: readonly string[];
  readonly removeResponseHeaders: readonly string[];
}

/** One group of headers, sorted by name as Istio 1.2 does so the output is stable; `append` false replaces. */
function options(headers: Readonly<Record<string, string>> | undefined, append: boolean): HeaderValueOption[] {
  return Object.entries(headers ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ header: { key, value }, append }) as HeaderValueOption);
}

/**
 * Istio 1.2's header translation: `headers.*.set` (append=false), then `headers.*.add`
 * (append=true), then the legacy append maps; removals list `headers.*.remove` before the legacy lists.
 */
export function headerMutations(f: LegacyHeaderFields): HeaderMutations {
  return {
    requestHeadersToAdd: [...options(f.headers?.request?.set, false), ...options(f.headers?.request?.add, true), ...options(f.appendRequestHeaders, true), ...options(f.appendHeaders, true)],
    requestHeadersToRemove: [...(f.headers?.request?.remove ?? []), ...f.removeRequestHeaders],
    responseHeadersToAdd: [...options(f.headers?.response?.set, false), ...options(f.headers?.response?.add, true), ...options(f.appendResponseHeaders, true)],
    responseHeadersToRemove: [...(f.headers?.response?.remove ?? []), ...f.removeResponseHeaders],
  };
}

/** Appends a destination's mutations to the route's (1.2 does this when a route collapses to one cluster). */
export function mergeMutations(into: HeaderMutations, from: HeaderMutations): void {
  into.requestHeadersToAdd.push(...from.requestHeadersToAdd);
  into.requestHeadersToRemove.push(...from.requestHeadersToRemove);
  into.responseHeadersToAdd.push(...from.responseHeadersToAdd);
  into.responseHeadersToRemove.push(...from.responseHeadersToRemove);
}
