import type { Any } from '@tsmesh/contracts/google/protobuf/any';
import type { Proxy } from '../proxy';
import type { PushContext } from '../push-context';

export interface GeneratedResource {
  readonly name: string;
  readonly resource: Any;
  /** The config it was built from (e.g. `VirtualService default/reviews`), named when it is rejected. */
  readonly source?: string;
}

/**
 * Produces the resources of one xDS type for one proxy. Pure: the same proxy, push context
 * and requested names always give the same output. `names` is empty for wildcard types.
 */
export interface XdsGenerator {
  readonly typeUrl: string;
  /** True when resources are requested by name (EDS), false for wildcard types (CDS, LDS). */
  readonly namedResources: boolean;
  generate(proxy: Proxy, push: PushContext, names: readonly string[]): GeneratedResource[];
}

export function durationMs(ms: number): { seconds: string; nanos: number } {
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}
