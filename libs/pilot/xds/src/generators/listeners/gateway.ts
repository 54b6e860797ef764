import { EnvoyTypeUrl } from '@tsmesh/contracts';
import type { FilterChain } from '@tsmesh/contracts/envoy/config/listener/v3/listener_components';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { DownstreamTlsContext } from '@tsmesh/contracts/envoy/extensions/transport_sockets/tls/v3/tls';
import { Server_TLSOptions_TLSmode, type Server } from '@tsmesh/contracts/istio/networking/v1alpha3/gateway';
import type { Proxy } from '../../proxy';
import { outboundClusterName, type PushContext } from '../../push-context';
import { resolveShortName } from '../../scope/hosts';
import { socketAddress } from '../cds';
import { virtualServicesFor, type GenerationProblem } from '../routes/virtual-services';
import { gatewayServers, type GatewayServer } from './gateway-servers';
import { hcmFilter, httpConnectionManager, tcpProxyFilter, tracingOf } from './hcm';

const file = (filename: string) => ({ specifier: { $case: 'filename' as const, value: filename } });
/** Server hosts are `[ns/]host`; SNI matching uses the host part, `*` means any name. */
const sniNames = (server: Server) => server.hosts.map((h) => h.split('/').pop() ?? h).filter((h) => h !== '*');

function downstreamTls(server: Server): FilterChain['transportSocket'] {
  const tls = server.tls;
  if (!tls) return undefined;
  const ctx = DownstreamTlsContext.fromPartial({
    commonTlsContext: {
      tlsCertificates: [{ certificateChain: file(tls.serverCertificate), privateKey: file(tls.privateKey) }],
      ...(tls.mode === Server_TLSOptions_TLSmode.MUTUAL && tls.caCertificates
        ? { validationContextType: { $case: 'validationContext' as const, value: { trustedCa: file(tls.caCertificates) } } }
        : {}),
      alpnProtocols: ['h2', 'http/1.1'],
    },
    requireClientCertificate: tls.mode === Server_TLSOptions_TLSmode.MUTUAL,
  });
  return { name: 'envoy.transport_sockets.tls', configType: { $case: 'typedConfig', value: { typeUrl: EnvoyTypeUrl.DownstreamTlsContext, value: Buffer.from(DownstreamTlsContext.encode(ctx).finish()) } } };
}

/** PASSTHROUGH: one SNI chain per matching VirtualService `tls` route, proxied to its destination. */
function passthroughChains(s: GatewayServer, push: PushContext, problems: GenerationProblem[]): FilterChain[] {
  const chains: FilterChain[] = [];
  for (const vs of virtualServicesFor(push, s.gatewayName)) {
    for (const tls of vs.spec.tls) {
      for (const m of tls.match) {
        if (m.port && m.port !== s.port) continue;
        const dest = tls.route[0]?.destination;
        if (!dest?.host) {
          problems.push({ source: `VirtualService ${vs.namespace}/${vs.name}`, message: 'tls route has no destination' });
          continue;
        }
        const port = dest.port?.port?.$case === 'number' ? dest.port.port.value : s.port;
        const cluster = outboundClusterName(port, dest.subset, resolveShortName(dest.host, vs.namespace));
        chains.push({ filterChainMatch: { serverNames: m.sniHosts }, filters: [tcpProxyFilter(cluster, cluster)] } as unknown as FilterChain);
      }
    }
  }
  return chains;
}

function chainsFor(s: GatewayServer, push: PushContext, problems: GenerationProblem[]): FilterChain[] {
  switch (s.kind) {
    case 'http':
      return [{ filters: [hcmFilter(httpConnectionManager({ statPrefix: String(s.routeName), route: s.routeName ?? '', useRemoteAddress: true, tracing: tracingOf(push.mesh) }))] } as unknown as FilterChain];
    case 'https': {
      const transportSocket = downstreamTls(s.server);
      const names = sniNames(s.server);
      return [{
        ...(names.length > 0 ? { filterChainMatch: { serverNames: names } } : {}),
        filters: [hcmFilter(httpConnectionManager({ statPrefix: String(s.routeName), route: s.routeName ?? '', useRemoteAddress: true, tracing: tracingOf(push.mesh) }))],
        ...(transportSocket ? { transportSocket } : {}),
      } as unknown as FilterChain];
    }
    case 'passthrough':
      return passthroughChains(s, push, problems);
    case 'tcp':
      return [];
  }
}

/** Router proxies: `0.0.0.0_<port>` per Gateway server port, bound, with HCM/TLS/SNI chains as Istio 1.2 builds them. */
export function gatewayListeners(proxy: Proxy, push: PushContext, problems: GenerationProblem[]): Listener[] {
  const byPort = new Map<number, GatewayServer[]>();
  for (const s of gatewayServers(proxy, push)) byPort.set(s.port, [...(byPort.get(s.port) ?? []), s]);
  const out: Listener[] = [];
  for (const [port, servers] of [...byPort].sort((a, b) => a[0] - b[0])) {
    // Istio 1.2 builds one HTTP chain per port: several plain-HTTP servers share route `http.<port>`.
    const seen = new Set<string>();
    const chains = servers.filter((s) => (s.kind === 'http' ? !seen.has('http') && seen.add('http') : true)).flatMap((s) => chainsFor(s, push, problems));
    if (chains.length === 0) continue;
    const tlsInspector = servers.some((s) => s.kind !== 'http');
    out.push(Listener.fromPartial({
      name: `0.0.0.0_${port}`,
      address: socketAddress('0.0.0.0', port),
      filterChains: chains,
      bindToPort: true,
      listenerFilters: tlsInspector ? [{ name: 'envoy.filters.listener.tls_inspector', configType: { $case: 'typedConfig', value: { typeUrl: EnvoyTypeUrl.TlsInspector, value: Buffer.alloc(0) } } }] : [],
    }));
  }
  return out;
}
