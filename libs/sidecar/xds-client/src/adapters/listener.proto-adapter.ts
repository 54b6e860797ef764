import { EnvoyTypeUrl } from '@tsmesh/contracts';
import type { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import type { FilterChain } from '@tsmesh/contracts/envoy/config/listener/v3/listener_components';
import {
  HttpConnectionManager,
  HttpConnectionManager_CodecType,
} from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { TcpProxy } from '@tsmesh/contracts/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy';
import { type DataSource, TrafficDirection } from '@tsmesh/contracts/envoy/config/core/v3/base';
import { DownstreamTlsContext } from '@tsmesh/contracts/envoy/extensions/transport_sockets/tls/v3/tls';
import { BadRequestError } from '@tsmesh/shared-errors';
import { durationToMs, routeConfigFromProto, type RouteConfig } from './route.proto-adapter';

/** One HTTP filter of an HCM, config still packed: the filters registry decodes it (unknown + not optional = NACK there). */
export interface HttpFilterConfig {
  readonly name: string;
  readonly typeUrl?: string;
  readonly config?: Buffer;
  readonly optional: boolean;
  readonly disabled: boolean;
}

export interface HttpConnectionConfig {
  readonly kind: 'http';
  readonly statPrefix: string;
  readonly codec: 'AUTO' | 'HTTP1' | 'HTTP2';
  readonly route: { readonly kind: 'rds'; readonly name: string } | { readonly kind: 'inline'; readonly config: RouteConfig };
  readonly httpFilters: readonly HttpFilterConfig[];
  /** Percentage 0..100 of requests traced when no sampling decision arrives with the request. */
  readonly randomSamplingPercent?: number;
  /** upgrade_type (lower case) → enabled; routes may override. */
  readonly upgrades: ReadonlyMap<string, boolean>;
  readonly requestHeadersTimeoutMs?: number;
  readonly streamIdleTimeoutMs: number;
  readonly maxRequestHeadersKb: number;
  readonly generateRequestId: boolean;
  readonly useRemoteAddress: boolean;
  readonly serverName: string;
}

export interface TcpProxyConfig {
  readonly kind: 'tcp';
  readonly statPrefix: string;
  readonly clusters: readonly { readonly cluster: string; readonly weight: number }[];
  readonly idleTimeoutMs: number;
}

/** A TLS-terminating filter chain (Gateway SIMPLE/MUTUAL): PEM material by file, as Istio 1.2 mounts it. */
export interface DownstreamTlsConfig {
  readonly certificateChainFile: string;
  readonly privateKeyFile: string;
  readonly trustedCaFile?: string;
  readonly requireClientCertificate: boolean;
  readonly alpnProtocols: readonly string[];
}

export interface FilterChainConfig {
  readonly tls?: DownstreamTlsConfig;
  readonly match: {
    /** SNI names (`*.example.com` wildcards allowed); empty matches any. */
    readonly serverNames: readonly string[];
    readonly destinationPort?: number;
    readonly prefixRanges: readonly { readonly address: string; readonly prefixLen: number }[];
    readonly transportProtocol?: string;
    readonly applicationProtocols: readonly string[];
  };
  readonly network: HttpConnectionConfig | TcpProxyConfig;
}

export interface ListenerConfig {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly bindToPort: boolean;
  readonly useOriginalDst: boolean;
  readonly direction: 'INBOUND' | 'OUTBOUND' | 'UNSPECIFIED';
  readonly filterChains: readonly FilterChainConfig[];
}

type Where = { readonly source: string };

const CODECS: Readonly<Partial<Record<HttpConnectionManager_CodecType, HttpConnectionConfig['codec']>>> = {
  [HttpConnectionManager_CodecType.AUTO]: 'AUTO',
  [HttpConnectionManager_CodecType.HTTP1]: 'HTTP1',
  [HttpConnectionManager_CodecType.HTTP2]: 'HTTP2',
};

function httpFromProto(hcm: HttpConnectionManager, where: Where, field: string): HttpConnectionConfig {
  const codec = CODECS[hcm.codecType];
  if (!codec) throw new BadRequestError(`unsupported codec_type ${hcm.codecType}`, { ...where, field: `${field}.codec_type` });
  const spec = hcm.routeSpecifier;
  let route: HttpConnectionConfig['route'];
  if (spec?.$case === 'rds') {
    if (spec.value.configSource?.configSourceSpecifier?.$case !== 'ads') {
      throw new BadRequestError('RDS must use ADS as its config source', { ...where, field: `${field}.rds.config_source` });
    }
    route = { kind: 'rds', name: spec.value.routeConfigName };
  } else if (spec?.$case === 'routeConfig') {
    route = { kind: 'inline', config: routeConfigFromProto(spec.value) };
  } else {
    throw new BadRequestError(`unsupported route specifier ${spec?.$case ?? '(none)'}`, { ...where, field: `${field}.route_specifier` });
  }
  if (hcm.httpFilters.length === 0) throw new BadRequestError('no http_filters (a router is required)', { ...where, field: `${field}.http_filters` });
  const httpFilters = hcm.httpFilters.map((f, i): HttpFilterConfig => {
    if (!f.name) throw new BadRequestError('http filter has no name', { ...where, field: `${field}.http_filters[${i}].name` });
    if (f.configType?.$case === 'configDiscovery') {
      throw new BadRequestError('config_discovery for http filters is not supported', { ...where, field: `${field}.http_filters[${i}]` });
    }
    const any = f.configType?.value;
    return { name: f.name, typeUrl: any?.typeUrl, config: any?.value, optional: f.isOptional, disabled: f.disabled };
  });
  const sampling = hcm.tracing?.randomSampling?.value;
  return {
    kind: 'http',
    statPrefix: hcm.statPrefix,
    codec,
    route,
    httpFilters,
    randomSamplingPercent: hcm.tracing ? (sampling ?? 100) : undefined,
    upgrades: new Map(hcm.upgradeConfigs.map((u) => [u.upgradeType.toLowerCase(), u.enabled ?? true])),
    requestHeadersTimeoutMs: durationToMs(hcm.requestHeadersTimeout) || undefined,
    streamIdleTimeoutMs: durationToMs(hcm.streamIdleTimeout) ?? 300_000,
    maxRequestHeadersKb: hcm.maxRequestHeadersKb ?? 60,
    generateRequestId: hcm.generateRequestId ?? true,
    useRemoteAddress: hcm.useRemoteAddress ?? false,
    serverName: hcm.serverName || 'envoy',
  };
}

function tcpFromProto(tcp: TcpProxy, where: Where, field: string): TcpProxyConfig {
  const spec = tcp.clusterSpecifier;
  let clusters: TcpProxyConfig['clusters'];
  if (spec?.$case === 'cluster' && spec.value) clusters = [{ cluster: spec.value, weight: 1 }];
  else if (spec?.$case === 'weightedClusters' && spec.value.clusters.length > 0) {
    clusters = spec.value.clusters.map((c) => ({ cluster: c.name, weight: c.weight }));
  } else throw new BadRequestError('tcp_proxy needs a cluster', { ...where, field: `${field}.cluster_specifier` });
  return { kind: 'tcp', statPrefix: tcp.statPrefix, clusters, idleTimeoutMs: durationToMs(tcp.idleTimeout) ?? 3_600_000 };
}

function fileOf(source: DataSource | undefined, where: Where, field: string): string {
  if (source?.specifier?.$case !== 'filename' || !source.specifier.value) throw new BadRequestError('only file-based TLS material is supported', { ...where, field });
  return source.specifier.value;
}

function downstreamTlsFromProto(socket: NonNullable<FilterChain['transportSocket']>, where: Where, field: string): DownstreamTlsConfig {
  const any = socket.configType?.$case === 'typedConfig' ? socket.configType.value : undefined;
  if (any?.typeUrl !== EnvoyTypeUrl.DownstreamTlsContext) throw new BadRequestError(`unsupported transport socket ${socket.name}`, { ...where, field });
  const ctx = DownstreamTlsContext.decode(any.value);
  const common = ctx.commonTlsContext;
  const cert = common?.tlsCertificates[0];
  if (!cert) throw new BadRequestError('downstream TLS needs a certificate', { ...where, field: `${field}.common_tls_context.tls_certificates` });
  const validation = common?.validationContextType?.$case === 'validationContext' ? common.validationContextType.value : undefined;
  const requireClientCertificate = ctx.requireClientCertificate ?? false;
  const trustedCaFile = validation?.trustedCa ? fileOf(validation.trustedCa, where, `${field}.common_tls_context.validation_context.trusted_ca`) : undefined;
  if (requireClientCertificate && !trustedCaFile) throw new BadRequestError('require_client_certificate needs a trusted_ca', { ...where, field: `${field}.common_tls_context.validation_context` });
  return {
    certificateChainFile: fileOf(cert.certificateChain, where, `${field}.common_tls_context.tls_certificates[0].certificate_chain`),
    privateKeyFile: fileOf(cert.privateKey, where, `${field}.common_tls_context.tls_certificates[0].private_key`),
    trustedCaFile,
    requireClientCertificate,
    alpnProtocols: common?.alpnProtocols ?? [],
  };
}

function chainFromProto(chain: FilterChain, where: Where, field: string): FilterChainConfig {
  const tls = chain.transportSocket ? downstreamTlsFromProto(chain.transportSocket, where, `${field}.transport_socket`) : undefined;
  const m = chain.filterChainMatch;
  // Network filters other than the terminal one (e.g. mixer's tcp filter) are not built yet: NACK rather than skip silently.
  const terminal = chain.filters.at(-1);
  if (!terminal || chain.filters.length !== 1) {
    throw new BadRequestError('exactly one network filter (http_connection_manager or tcp_proxy) is supported', { ...where, field: `${field}.filters` });
  }
  const any = terminal.configType?.$case === 'typedConfig' ? terminal.configType.value : undefined;
  const nf = `${field}.filters[0]`;
  let network: FilterChainConfig['network'];
  if (any?.typeUrl === EnvoyTypeUrl.HttpConnectionManager) network = httpFromProto(HttpConnectionManager.decode(any.value), where, nf);
  else if (any?.typeUrl === EnvoyTypeUrl.TcpProxy) network = tcpFromProto(TcpProxy.decode(any.value), where, nf);
  else throw new BadRequestError(`unsupported network filter ${terminal.name} (${any?.typeUrl ?? 'no typed_config'})`, { ...where, field: nf });
  return {
    tls,
    match: {
      serverNames: (m?.serverNames ?? []).map((n) => n.toLowerCase()),
      destinationPort: m?.destinationPort,
      prefixRanges: (m?.prefixRanges ?? []).map((r) => ({ address: r.addressPrefix, prefixLen: r.prefixLen ?? 32 })),
      transportProtocol: m?.transportProtocol || undefined,
      applicationProtocols: m?.applicationProtocols ?? [],
    },
    network,
  };
}

/** Converts and validates a Listener; anything the data plane can't apply is a BadRequestError with a field path. */
export function listenerFromProto(l: Listener): ListenerConfig {
  const where = { source: `Listener ${l.name || '(unnamed)'}` };
  if (!l.name) throw new BadRequestError('listener has no name', { ...where, field: 'name' });
  const socket = l.address?.address?.$case === 'socketAddress' ? l.address.address.value : undefined;
  if (!socket || socket.portSpecifier?.$case !== 'portValue') {
    throw new BadRequestError('listener needs a socket address with port_value', { ...where, field: 'address.socket_address' });
  }
  const chains = l.filterChains.map((c, i) => chainFromProto(c, where, `filter_chains[${i}]`));
  if (chains.length === 0 && !l.useOriginalDst) throw new BadRequestError('listener has no filter chains', { ...where, field: 'filter_chains' });
  return {
    name: l.name,
    address: socket.address,
    port: socket.portSpecifier.value,
    bindToPort: l.bindToPort ?? true,
    useOriginalDst: l.useOriginalDst ?? false,
    direction: l.trafficDirection === TrafficDirection.INBOUND ? 'INBOUND' : l.trafficDirection === TrafficDirection.OUTBOUND ? 'OUTBOUND' : 'UNSPECIFIED',
    filterChains: chains,
  };
}
