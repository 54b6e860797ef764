import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContext } from 'node:tls';
import { BadRequestError, describeError } from '@tsmesh/shared-errors';
import { buildHttpFilterChain, RouteTable, validatePerFilterConfigs, type RouteLookup } from '@tsmesh/sidecar-filters';
import { RetryPolicyError } from '@tsmesh/sidecar-resilience';
import type { DownstreamTlsConfig, HttpConnectionConfig, ListenerConfig, RouteConfig } from '@tsmesh/sidecar-xds-client';
import type { HcmRuntime } from './http-stream';
import type { ChainRuntime, ListenerRuntime } from './listener-server';
import { retryPolicyOf } from './retry-policies';

/** Route-level checks the request path relies on: retry_on parses, per-filter configs decode. */
export function validateRoutes(config: RouteConfig): void {
  validatePerFilterConfigs(config);
  config.virtualHosts.forEach((vh, i) =>
    vh.routes.forEach((r, j) => {
      if (r.target.kind !== 'cluster') return;
      try {
        retryPolicyOf(r.target.retryPolicy);
      } catch (err) {
        if (err instanceof RetryPolicyError) throw new BadRequestError(err.message, { source: `RouteConfiguration ${config.name}`, field: `virtual_hosts[${i}].routes[${j}].route.retry_policy.retry_on` });
        throw err;
      }
    }),
  );
}

/** Reads the chain's PEM files now, so a missing or bad certificate is a NACK, not a failed handshake later. */
function secureContextFor(tls: DownstreamTlsConfig, source: string, field: string): SecureContext {
  try {
    return createSecureContext({
      cert: readFileSync(tls.certificateChainFile),
      key: readFileSync(tls.privateKeyFile),
      ca: tls.trustedCaFile ? readFileSync(tls.trustedCaFile) : undefined,
    });
  } catch (err) {
    throw new BadRequestError(`cannot load TLS material: ${describeError(err)}`, { source, field });
  }
}

export interface RuntimeInputs {
  readonly routes: (name: string) => RouteTable | undefined;
  /** The previous HCM of the same listener chain, whose counters carry over. */
  readonly previous: (key: string) => HcmRuntime | undefined;
}

function hcmRuntime(l: ListenerConfig, http: HttpConnectionConfig, index: number, tls: boolean, inputs: RuntimeInputs): HcmRuntime {
  if (http.route.kind === 'inline') validateRoutes(http.route.config);
  const inline = http.route.kind === 'inline' ? new RouteTable(http.route.config) : undefined;
  const rdsName = http.route.kind === 'rds' ? http.route.name : '';
  const lookup: RouteLookup = inline ? () => inline : () => inputs.routes(rdsName);
  const key = `${l.name}#${index}`;
  return {
    key,
    statPrefix: http.statPrefix,
    listenerName: l.name,
    direction: l.direction === 'INBOUND' || (l.address !== '0.0.0.0' && !l.useOriginalDst) ? 'inbound' : 'outbound',
    chain: buildHttpFilterChain(http.httpFilters, lookup, `Listener ${l.name}`),
    generateRequestId: http.generateRequestId,
    samplingPercent: http.randomSamplingPercent,
    serverName: http.serverName || 'envoy',
    upgrades: http.upgrades,
    useRemoteAddress: http.useRemoteAddress,
    scheme: tls ? 'https' : 'http',
    stats: inputs.previous(key)?.stats ?? { rqTotal: 0, rq2xx: 0, rq4xx: 0, rq5xx: 0 },
  };
}

const NO_HEADERS = { add: [], remove: [] };

/**
 * The virtual listener's own HTTP handling for ports no outbound listener covers: Istio 1.2
 * sends it a tcp_proxy to PassthroughCluster (ALLOW_ANY) or BlackHoleCluster (REGISTRY_ONLY);
 * as an explicit proxy the sidecar routes such requests to that cluster as plain HTTP.
 */
function passthroughHcm(l: ListenerConfig, inputs: RuntimeInputs): HcmRuntime | undefined {
  const tcp = l.filterChains.find((c) => c.network.kind === 'tcp')?.network;
  const cluster = tcp?.kind === 'tcp' ? tcp.clusters[0]?.cluster : undefined;
  if (!cluster) return undefined;
  const route: RouteConfig = {
    name: `${l.name}_passthrough`,
    validateClusters: false,
    requestHeaders: NO_HEADERS,
    responseHeaders: NO_HEADERS,
    virtualHosts: [{
      name: cluster,
      domains: ['*'],
      requestHeaders: NO_HEADERS,
      responseHeaders: NO_HEADERS,
      perFilterConfig: new Map(),
      routes: [{
        name: cluster,
        path: { kind: 'prefix', value: '/' },
        caseSensitive: true,
        headers: [],
        queryParameters: [],
        requestHeaders: NO_HEADERS,
        responseHeaders: NO_HEADERS,
        perFilterConfig: new Map(),
        target: { kind: 'cluster', clusters: [{ cluster, weight: 1, headers: NO_HEADERS, responseHeaders: NO_HEADERS }], totalWeight: 1, timeoutMs: 0, mirrors: [], hashPolicy: [], upgrades: new Map([['websocket', true]]) },
      }],
    }],
  };
  const http: HttpConnectionConfig = {
    kind: 'http',
    statPrefix: cluster,
    codec: 'AUTO',
    route: { kind: 'inline', config: route },
    httpFilters: [{ name: 'envoy.router', optional: false, disabled: false }],
    upgrades: new Map([['websocket', true]]),
    streamIdleTimeoutMs: 300_000,
    maxRequestHeadersKb: 60,
    generateRequestId: true,
    useRemoteAddress: false,
    serverName: 'envoy',
  };
  return hcmRuntime(l, http, l.filterChains.length, false, inputs);
}

/** Builds (and so validates) everything a listener needs before anything is swapped in. */
export function listenerRuntime(l: ListenerConfig, inputs: RuntimeInputs): ListenerRuntime {
  const chains: ChainRuntime[] = l.filterChains.map((c, i) => ({
    config: c,
    hcm: c.network.kind === 'http' ? hcmRuntime(l, c.network, i, c.tls !== undefined, inputs) : undefined,
    secureContext: c.tls ? secureContextFor(c.tls, `Listener ${l.name}`, `filter_chains[${i}].transport_socket`) : undefined,
  }));
  return { config: l, chains, passthrough: l.useOriginalDst ? passthroughHcm(l, inputs) : undefined };
}
