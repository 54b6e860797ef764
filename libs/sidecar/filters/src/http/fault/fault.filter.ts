import { setTimeout as sleep } from 'node:timers/promises';
import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { HTTPFault } from '@tsmesh/contracts/envoy/extensions/filters/http/fault/v3/fault';
import { decideFault, type FaultConfig } from '@tsmesh/sidecar-resilience';
import { BadRequestError } from '@tsmesh/shared-errors';
import type { FilterStatus, HttpFilter, HttpFilterContext, HttpFilterDefinition, RouteLookup } from '../filter';
import { perFilterConfig, resolveRoute } from '../router/resolve-route';

const NAMES = ['envoy.fault', 'envoy.filters.http.fault'] as const;
const DENOMINATORS = [100, 10_000, 1_000_000];

/** HTTPFault → the decision inputs; Envoy's defaults: a percentage that is absent means 100 %. */
export function faultConfigFromProto(f: HTTPFault, source: string): FaultConfig {
  const fraction = (p: { numerator: number; denominator: number } | undefined) => (p ? Math.min(1, p.numerator / (DENOMINATORS[p.denominator] ?? 100)) : 1);
  const delaySpec = f.delay?.faultDelaySecifier;
  if (f.delay && delaySpec?.$case !== 'fixedDelay') throw new BadRequestError('only fixed_delay fault delays are supported', { source, field: 'delay' });
  const abortSpec = f.abort?.errorType;
  if (f.abort && abortSpec?.$case !== 'httpStatus') throw new BadRequestError('only http_status fault aborts are supported', { source, field: 'abort' });
  const delay = delaySpec?.$case === 'fixedDelay' ? delaySpec.value : undefined;
  const status = abortSpec?.$case === 'httpStatus' ? abortSpec.value : undefined;
  if (status !== undefined && (status < 200 || status >= 600)) throw new BadRequestError(`abort http_status ${status} is outside [200, 600)`, { source, field: 'abort.http_status' });
  return {
    delay: delay ? { fixedDelayMs: Number(delay.seconds) * 1000 + Math.floor(delay.nanos / 1e6), fraction: fraction(f.delay?.percentage) } : undefined,
    abort: status !== undefined ? { httpStatus: status, fraction: fraction(f.abort?.percentage) } : undefined,
    maxActiveFaults: f.maxActiveFaults,
  };
}

interface FaultStats {
  delays_injected: number;
  aborts_injected: number;
  active_faults: number;
}

/**
 * envoy.fault, as Istio 1.2 uses it: the VirtualService's fault arrives as the route's
 * typed_per_filter_config. A delay holds the request (flag DI) and lets it continue; an abort
 * replies locally with the status (flag FI). Both run before the router picks an upstream.
 */
class FaultFilter implements HttpFilter {
  private readonly perRoute = new WeakMap<Buffer, FaultConfig>();

  constructor(
    private readonly routes: RouteLookup,
    private readonly defaults: FaultConfig | undefined,
    readonly stats: FaultStats,
  ) {}

  private configFor(ctx: HttpFilterContext): FaultConfig | undefined {
    const packed = perFilterConfig(ctx, NAMES);
    if (!packed) return this.defaults;
    let config = this.perRoute.get(packed.value);
    if (!config) {
      // Validated when the route config was applied; decoded once per route and cached.
      config = faultConfigFromProto(HTTPFault.decode(packed.value), `route ${ctx.route?.name ?? ''}`);
      this.perRoute.set(packed.value, config);
    }
    return config;
  }

  decodeHeaders(ctx: HttpFilterContext): FilterStatus | Promise<FilterStatus> {
    resolveRoute(ctx, this.routes);
    const config = this.configFor(ctx);
    if (!config || (!config.delay && !config.abort)) return 'continue';
    const decision = decideFault(config, this.stats.active_faults);
    if (decision.delayMs === 0 && decision.abortStatus === undefined) return 'continue';
    return this.inject(ctx, decision.delayMs, decision.abortStatus);
  }

  private async inject(ctx: HttpFilterContext, delayMs: number, abortStatus: number | undefined): Promise<FilterStatus> {
    this.stats.active_faults++;
    try {
      if (delayMs > 0) {
        this.stats.delays_injected++;
        (ctx.flags ??= []).push('DI');
        await sleep(delayMs);
      }
      if (abortStatus === undefined) return 'continue';
      this.stats.aborts_injected++;
      return { status: abortStatus, flags: 'FI', body: 'fault filter abort', reason: `fault injected by route ${ctx.route?.name ?? '(none)'}` };
    } finally {
      this.stats.active_faults--;
    }
  }
}

export const faultFilter: HttpFilterDefinition = {
  names: NAMES,
  typeUrls: [EnvoyTypeUrl.Fault],
  build: (config, routes) => {
    const decoded = config && config.length > 0 ? faultConfigFromProto(HTTPFault.decode(config), 'envoy.fault typed_config') : undefined;
    const stats: FaultStats = { delays_injected: 0, aborts_injected: 0, active_faults: 0 };
    const filter = new FaultFilter(routes, decoded, stats);
    return { name: 'envoy.fault', create: () => filter, stats: () => ({ 'fault.delays_injected': stats.delays_injected, 'fault.aborts_injected': stats.aborts_injected, 'fault.active_faults': stats.active_faults }) };
  },
  validatePerRoute: (packed, source, field) => {
    if (packed.typeUrl !== EnvoyTypeUrl.Fault) throw new BadRequestError(`expected ${EnvoyTypeUrl.Fault}, got ${packed.typeUrl}`, { source, field });
    try {
      faultConfigFromProto(HTTPFault.decode(packed.value), source);
    } catch (err) {
      if (err instanceof BadRequestError) throw new BadRequestError(err.message, { source, field });
      throw new BadRequestError(`undecodable HTTPFault: ${(err as Error).message}`, { source, field });
    }
  },
};
