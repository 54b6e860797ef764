import { EnvoyTypeUrl } from '@tsmesh/contracts';
import type { Filter } from '@tsmesh/contracts/envoy/config/listener/v3/listener_components';
import type { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { Cors } from '@tsmesh/contracts/envoy/extensions/filters/http/cors/v3/cors';
import { HTTPFault } from '@tsmesh/contracts/envoy/extensions/filters/http/fault/v3/fault';
import { Router } from '@tsmesh/contracts/envoy/extensions/filters/http/router/v3/router';
import {
  HttpConnectionManager,
  HttpConnectionManager_CodecType,
  type HttpFilter,
} from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { TcpProxy } from '@tsmesh/contracts/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy';
import { ApiVersion } from '@tsmesh/contracts/envoy/config/core/v3/config_source';
import type { MeshSettings } from '../../push-context';

/** Envoy's v3 names for the filters Istio 1.2 configures by their legacy names. */
export const HCM_FILTER = 'envoy.filters.network.http_connection_manager';
export const TCP_PROXY_FILTER = 'envoy.filters.network.tcp_proxy';
export const ROUTER_FILTER = 'envoy.filters.http.router';

function httpFilter(name: string, typeUrl: string, value: Uint8Array): HttpFilter {
  return HttpFilterOf({ name, configType: { $case: 'typedConfig', value: { typeUrl, value: Buffer.from(value) } } });
}

const HttpFilterOf = (f: Partial<HttpFilter>): HttpFilter => ({ name: '', isOptional: false, disabled: false, ...f }) as HttpFilter;

/** Istio 1.2's sidecar/gateway HTTP filter order: cors, fault, then router last. */
export function standardHttpFilters(): HttpFilter[] {
  return [
    httpFilter('envoy.filters.http.cors', EnvoyTypeUrl.Cors, Cors.encode(Cors.fromPartial({})).finish()),
    httpFilter('envoy.filters.http.fault', EnvoyTypeUrl.Fault, HTTPFault.encode(HTTPFault.fromPartial({})).finish()),
    routerFilter(),
  ];
}

export function routerFilter(): HttpFilter {
  return httpFilter(ROUTER_FILTER, EnvoyTypeUrl.Router, Router.encode(Router.fromPartial({})).finish());
}

export interface HcmOptions {
  readonly statPrefix: string;
  /** RDS route config name (ADS), or an inline route configuration. */
  readonly route: string | RouteConfiguration;
  /** Istio 1.2 sets it for gateways only; sidecar inbound and outbound HCMs leave it false. */
  readonly useRemoteAddress: boolean;
  readonly httpFilters?: HttpFilter[];
  /** Tracing as mesh `enableTracing` and pilot trace sampling say (see tracingOf). */
  readonly tracing?: HttpConnectionManager['tracing'];
}

/**
 * Istio 1.2's HCM `tracing` block: client and overall sampling at 100%, random sampling at the
 * pilot trace sampling percent; absent when the mesh disables tracing.
 */
export function tracingOf(mesh: Pick<MeshSettings, 'enableTracing' | 'traceSamplingPercent'>): HttpConnectionManager['tracing'] {
  if (!mesh.enableTracing) return undefined;
  return { clientSampling: { value: 100 }, randomSampling: { value: mesh.traceSamplingPercent }, overallSampling: { value: 100 } } as HttpConnectionManager['tracing'];
}

/**
 * An HttpConnectionManager as Istio 1.2 builds it: AUTO codec, request ids, websocket upgrades
 * allowed, stream_idle_timeout 0 (disabled, so long-lived gRPC streams are not cut).
 */
export function httpConnectionManager(opts: HcmOptions): HttpConnectionManager {
  return HttpConnectionManager.fromPartial({
    statPrefix: opts.statPrefix,
    codecType: HttpConnectionManager_CodecType.AUTO,
    routeSpecifier: typeof opts.route === 'string'
      ? { $case: 'rds', value: { routeConfigName: opts.route, configSource: { configSourceSpecifier: { $case: 'ads', value: {} }, resourceApiVersion: ApiVersion.V3 } } }
      : { $case: 'routeConfig', value: opts.route },
    httpFilters: opts.httpFilters ?? standardHttpFilters(),
    useRemoteAddress: opts.useRemoteAddress,
    generateRequestId: true,
    streamIdleTimeout: { seconds: '0', nanos: 0 },
    ...(opts.tracing ? { tracing: opts.tracing } : {}),
    upgradeConfigs: [{ upgradeType: 'websocket' }],
  });
}

export function hcmFilter(hcm: HttpConnectionManager): Filter {
  return { name: HCM_FILTER, configType: { $case: 'typedConfig', value: { typeUrl: EnvoyTypeUrl.HttpConnectionManager, value: Buffer.from(HttpConnectionManager.encode(hcm).finish()) } } };
}

export function tcpProxyFilter(statPrefix: string, cluster: string): Filter {
  const proxy = TcpProxy.fromPartial({ statPrefix, clusterSpecifier: { $case: 'cluster', value: cluster } });
  return { name: TCP_PROXY_FILTER, configType: { $case: 'typedConfig', value: { typeUrl: EnvoyTypeUrl.TcpProxy, value: Buffer.from(TcpProxy.encode(proxy).finish()) } } };
}
