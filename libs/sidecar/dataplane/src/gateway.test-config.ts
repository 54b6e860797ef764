import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { TcpProxy } from '@tsmesh/contracts/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy';
import { DownstreamTlsContext } from '@tsmesh/contracts/envoy/extensions/transport_sockets/tls/v3/tls';
import { listenerFromProto, type ListenerConfig } from '@tsmesh/sidecar-xds-client';
import { hcmAny, ROUTER } from './test-config';

/** A CA and leaf certificates made with the real openssl CLI, as an operator would for a Gateway. */
export function makeCerts(dir: string): { ca: string; server: { cert: string; key: string }; backend: { cert: string; key: string }; client: { cert: string; key: string } } {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/O=tsmesh test/CN=test root');
  const leaf = (name: string, san: string) => {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
    return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  };
  return {
    ca: join(dir, 'ca.crt'),
    server: leaf('gateway', 'DNS:bookinfo.example.com,DNS:mtls.example.com,DNS:*.wild.example.com'),
    backend: leaf('backend', 'DNS:passthrough.example.com'),
    client: leaf('client', 'URI:spiffe://cluster.local/ns/default/sa/client'),
  };
}

const file = (filename: string) => ({ specifier: { $case: 'filename' as const, value: filename } });

function tlsSocket(cert: string, key: string, ca?: string) {
  const ctx = DownstreamTlsContext.fromPartial({
    commonTlsContext: { tlsCertificates: [{ certificateChain: file(cert), privateKey: file(key) }], alpnProtocols: ['h2', 'http/1.1'], ...(ca ? { validationContextType: { $case: 'validationContext' as const, value: { trustedCa: file(ca) } } } : {}) },
    requireClientCertificate: ca !== undefined,
  });
  return { name: 'envoy.transport_sockets.tls', configType: { $case: 'typedConfig' as const, value: { typeUrl: EnvoyTypeUrl.DownstreamTlsContext, value: Buffer.from(DownstreamTlsContext.encode(ctx).finish()) } } };
}

function hcmChain(route: string, cluster: string) {
  return {
    name: 'envoy.http_connection_manager',
    configType: {
      $case: 'typedConfig' as const,
      value: hcmAny({
        statPrefix: route,
        useRemoteAddress: true,
        routeSpecifier: { $case: 'routeConfig', value: { name: route, virtualHosts: [{ name: 'gw', domains: ['*'], routes: [{ name: 'all', match: { pathSpecifier: { $case: 'prefix', value: '/' } }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: cluster } } } }] }] } },
        httpFilters: [ROUTER],
      }),
    },
  };
}

/** An ingress gateway's `0.0.0.0_<port>` as pilot builds it for SIMPLE, MUTUAL and PASSTHROUGH servers on one port. */
export function gatewayListener(port: number, certs: ReturnType<typeof makeCerts>, httpCluster: string, passthroughCluster: string): ListenerConfig {
  const tcp = { typeUrl: EnvoyTypeUrl.TcpProxy, value: Buffer.from(TcpProxy.encode(TcpProxy.fromPartial({ statPrefix: passthroughCluster, clusterSpecifier: { $case: 'cluster', value: passthroughCluster } })).finish()) };
  return listenerFromProto(
    Listener.fromPartial({
      name: `0.0.0.0_${port}`,
      address: { address: { $case: 'socketAddress', value: { address: '0.0.0.0', portSpecifier: { $case: 'portValue', value: port } } } },
      bindToPort: true,
      filterChains: [
        { filterChainMatch: { serverNames: ['bookinfo.example.com', '*.wild.example.com'] }, filters: [hcmChain('https.443.https.bookinfo-gateway.default', httpCluster)], transportSocket: tlsSocket(certs.server.cert, certs.server.key) },
        { filterChainMatch: { serverNames: ['mtls.example.com'] }, filters: [hcmChain('https.443.mtls.bookinfo-gateway.default', httpCluster)], transportSocket: tlsSocket(certs.server.cert, certs.server.key, certs.ca) },
        { filterChainMatch: { serverNames: ['passthrough.example.com'] }, filters: [{ name: 'envoy.tcp_proxy', configType: { $case: 'typedConfig', value: tcp } }] },
      ],
    }),
  );
}
