import type { PilotConfig, ServiceRegistry } from '@tsmesh/pilot-registry';
import type { LocalityLbSetting } from './mesh/locality-lb-setting';

/** Everything a generator may read for one push. Immutable; a new one is made per push. */
export interface PushContext {
  /** Changes whenever any input changes; used as the xDS version_info. */
  readonly version: string;
  readonly registry: ServiceRegistry;
  /** Typed Istio config (VirtualService, DestinationRule, ...), in Istio's precedence order. */
  readonly config: PilotConfig;
  readonly mesh: MeshSettings;
  /**
   * Per-push cache for generator output shared by many proxies (e.g. the outbound clusters of
   * every proxy in one namespace). Generators must key entries by everything the value depends on.
   */
  readonly memo?: Map<string, unknown>;
}

/** Computes `key` once per push context (or every time when the context has no memo). */
export function memoized<T>(push: PushContext, key: string, compute: () => T): T {
  if (!push.memo) return compute();
  if (push.memo.has(key)) return push.memo.get(key) as T;
  const value = compute();
  push.memo.set(key, value);
  return value;
}

export interface MeshSettings {
  /** mesh `connectTimeout`; Istio's compiled-in default is 1s (the 1.2 helm chart sets 10s). */
  readonly connectTimeoutMs: number;
  /** mesh `outboundTrafficPolicy.mode`. */
  readonly outboundTrafficPolicy: 'ALLOW_ANY' | 'REGISTRY_ONLY';
  /** mesh `rootNamespace`: its selector-less Sidecar is the mesh-wide default. */
  readonly rootNamespace: string;
  /** mesh `enableTracing`: HCMs carry a `tracing` block only when set. */
  readonly enableTracing: boolean;
  /** pilot `traceSampling` (PILOT_TRACE_SAMPLING): percent of new requests traced; the 1.2 chart sets 1.0. */
  readonly traceSamplingPercent: number;
  /**
   * PILOT_ENABLE_LOCALITY_LOAD_BALANCING (alpha, off in 1.2): endpoints of clusters with
   * outlierDetection get priorities by proximity to the proxy, so traffic stays local and fails over.
   */
  readonly localityLbEnabled?: boolean;
  /**
   * mesh `localityLbSetting` (used only with localityLbEnabled, as in 1.2): `distribute` sets
   * locality weights for proxies whose locality matches `from`; otherwise `failover` steers the
   * proximity priorities across regions.
   */
  readonly localityLbSetting?: LocalityLbSetting;
}

export const DEFAULT_MESH: MeshSettings = { connectTimeoutMs: 1000, outboundTrafficPolicy: 'ALLOW_ANY', rootNamespace: 'istio-system', enableTracing: true, traceSamplingPercent: 1 };

export function outboundClusterName(port: number, subset: string, hostname: string): string {
  return `outbound|${port}|${subset}|${hostname}`;
}

export function parseClusterName(name: string): { direction: string; port: number; subset: string; hostname: string } | undefined {
  const parts = name.split('|');
  if (parts.length !== 4) return undefined;
  const [direction, port, subset, hostname] = parts as [string, string, string, string];
  return { direction, port: Number(port), subset, hostname };
}
