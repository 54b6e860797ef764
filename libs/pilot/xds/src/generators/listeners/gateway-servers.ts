import type { Gateway, Server } from '@tsmesh/contracts/istio/networking/v1alpha3/gateway';
import { Server_TLSOptions_TLSmode } from '@tsmesh/contracts/istio/networking/v1alpha3/gateway';
import type { ConfigEntry } from '@tsmesh/pilot-registry';
import { protocolFromName } from '@tsmesh/pilot-registry';
import type { Proxy } from '../../proxy';
import type { PushContext } from '../../push-context';

/** One Gateway server that applies to a router proxy, with the names Istio 1.2 gives it. */
export interface GatewayServer {
  readonly gateway: ConfigEntry<Gateway>;
  /** `ns/name`, as VirtualService `gateways` resolve. */
  readonly gatewayName: string;
  readonly server: Server;
  readonly port: number;
  readonly kind: 'http' | 'https' | 'passthrough' | 'tcp';
  /** RDS name: `http.<port>` or `https.<port>.<portName>.<gateway>.<ns>`; undefined for TCP kinds. */
  readonly routeName?: string;
}

/** Gateways whose selector matches the proxy's labels; every server of them. */
export function gatewayServers(proxy: Proxy, push: PushContext): GatewayServer[] {
  if (proxy.type !== 'router') return [];
  const out: GatewayServer[] = [];
  for (const gw of push.config.gateways()) {
    const selector = Object.entries(gw.spec.selector);
    if (!selector.every(([k, v]) => proxy.labels[k] === v)) continue;
    for (const server of gw.spec.servers) {
      const port = server.port?.number ?? 0;
      const protocol = protocolFromName(server.port?.protocol);
      const mode = server.tls?.mode;
      const gatewayName = `${gw.namespace}/${gw.name}`;
      if (protocol === 'HTTPS' || (protocol === 'TLS' && mode !== undefined)) {
        if (mode === Server_TLSOptions_TLSmode.PASSTHROUGH || mode === Server_TLSOptions_TLSmode.AUTO_PASSTHROUGH || protocol === 'TLS') {
          out.push({ gateway: gw, gatewayName, server, port, kind: 'passthrough' });
        } else {
          out.push({ gateway: gw, gatewayName, server, port, kind: 'https', routeName: `https.${port}.${server.port?.name ?? ''}.${gw.name}.${gw.namespace}` });
        }
      } else if (protocol === 'HTTP' || protocol === 'HTTP2' || protocol === 'GRPC') {
        out.push({ gateway: gw, gatewayName, server, port, kind: 'http', routeName: `http.${port}` });
      } else out.push({ gateway: gw, gatewayName, server, port, kind: 'tcp' });
    }
  }
  return out;
}
