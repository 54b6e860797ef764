import { TrafficDirection } from '@tsmesh/contracts/envoy/config/core/v3/base';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { isHttpProtocol } from '@tsmesh/pilot-registry';
import type { Proxy } from '../../proxy';
import { outboundClusterName, type PushContext } from '../../push-context';
import { servicesVisibleTo } from '../../scope/visibility';
import { BLACKHOLE_CLUSTER, inboundClusterName, PASSTHROUGH_CLUSTER, socketAddress } from '../cds';
import type { GenerationProblem } from '../routes/virtual-services';
import { hcmFilter, httpConnectionManager, tcpProxyFilter, tracingOf } from './hcm';

/** Istio 1.2's virtual outbound port: iptables sends all outbound traffic here. */
export const VIRTUAL_OUTBOUND_PORT = 15001;

/**
 * One outbound listener per visible service port, reached only through `virtual`
 * (bindToPort false). HTTP ports share `0.0.0.0_<port>` with RDS `<port>`; TCP ports get
 * `<vip>_<port>` (or `0.0.0.0_<port>` without a VIP). On a clash the first service wins, as in 1.2.
 */
export function outboundListeners(proxy: Proxy, push: PushContext, problems: GenerationProblem[]): Listener[] {
  const byName = new Map<string, { listener: Listener; http: boolean; host: string }>();
  for (const svc of servicesVisibleTo(proxy, push)) {
    for (const port of svc.ports) {
      const http = isHttpProtocol(port.protocol);
      const ip = http || !svc.address || svc.address === '0.0.0.0' ? '0.0.0.0' : svc.address;
      const name = `${ip}_${port.port}`;
      const existing = byName.get(name);
      if (existing) {
        if (existing.http !== http) {
          problems.push({ source: `Service ${svc.namespace}/${svc.hostname.split('.')[0] ?? svc.hostname}`, message: `outbound listener conflict on ${name}: ${http ? 'HTTP' : 'TCP'} port of ${svc.hostname} ignored, ${existing.http ? 'HTTP' : 'TCP'} listener of ${existing.host} kept` });
        }
        continue;
      }
      const filter = http
        ? hcmFilter(httpConnectionManager({ statPrefix: String(port.port), route: String(port.port), useRemoteAddress: false, tracing: tracingOf(push.mesh) }))
        : tcpProxyFilter(outboundClusterName(port.port, '', svc.hostname), outboundClusterName(port.port, '', svc.hostname));
      const listener = Listener.fromPartial({ name, address: socketAddress(ip, port.port), filterChains: [{ filters: [filter] }], bindToPort: false, trafficDirection: TrafficDirection.OUTBOUND });
      byName.set(name, { listener, http, host: svc.hostname });
    }
  }
  return [...byName.values()].map((v) => v.listener);
}

/** `virtual` on 0.0.0.0:15001: hands connections to the listener of their original destination, else Passthrough/BlackHole. */
export function virtualOutboundListener(push: PushContext): Listener {
  const fallback = push.mesh.outboundTrafficPolicy === 'ALLOW_ANY' ? PASSTHROUGH_CLUSTER : BLACKHOLE_CLUSTER;
  return Listener.fromPartial({
    name: 'virtual',
    address: socketAddress('0.0.0.0', VIRTUAL_OUTBOUND_PORT),
    useOriginalDst: true,
    filterChains: [{ filters: [tcpProxyFilter(fallback, fallback)] }],
  });
}

/**
 * `<podIP>_<port>` for each service instance at the proxy's IP: HTTP ports route everything to
 * `inbound|<servicePort>|<portName>|<host>` through an inline route config, TCP ports proxy to it.
 */
export function inboundListeners(proxy: Proxy, push: PushContext): Listener[] {
  if (proxy.type !== 'sidecar') return [];
  const ip = proxy.ipAddresses[0];
  if (!ip) return [];
  const out = new Map<string, Listener>();
  for (const instance of push.registry.instancesAt(ip)) {
    const port = push.registry.service(instance.hostname)?.ports.find((p) => p.port === instance.servicePort);
    const name = `${ip}_${instance.port}`;
    if (!port || out.has(name)) continue;
    const cluster = inboundClusterName(port.port, port.name, instance.hostname);
    const filter = isHttpProtocol(port.protocol)
      ? hcmFilter(httpConnectionManager({
          statPrefix: cluster,
          useRemoteAddress: false,
          tracing: tracingOf(push.mesh),
          route: RouteConfiguration.fromPartial({
            name: cluster,
            validateClusters: false,
            virtualHosts: [{
              name: `inbound|http|${port.port}`,
              domains: ['*'],
              routes: [{ name: 'default', match: { pathSpecifier: { $case: 'prefix', value: '/' } }, action: { $case: 'route', value: { clusterSpecifier: { $case: 'cluster', value: cluster }, timeout: { seconds: '0', nanos: 0 } } } }],
            }],
          }),
        }))
      : tcpProxyFilter(cluster, cluster);
    out.set(name, Listener.fromPartial({ name, address: socketAddress(ip, instance.port), filterChains: [{ filters: [filter] }], bindToPort: false, trafficDirection: TrafficDirection.INBOUND }));
  }
  return [...out.values()];
}
