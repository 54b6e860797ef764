import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { VirtualHost, VirtualHost_TlsRequirementType, type Route } from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import type { Proxy } from '../../proxy';
import type { GatewayServer } from '../listeners/gateway-servers';
import { outboundClusterName, type PushContext } from '../../push-context';
import { servicesVisibleTo } from '../../scope/visibility';
import { PASSTHROUGH_CLUSTER } from '../cds';
import { serviceDomains } from './domains';
import { hashPolicyFor } from './hash-policy';
import { defaultRoute } from './http-route';
import { routesOf, virtualServiceFor, virtualServicesFor, type GenerationProblem } from './virtual-services';

function virtualHost(name: string, domains: string[], routes: Route[]): VirtualHost {
  return VirtualHost.fromPartial({ name, domains, routes });
}

function routeConfiguration(name: string, virtualHosts: VirtualHost[]): RouteConfiguration {
  // fromPartial fills every default the hand-built routes left out, so the result always encodes.
  return RouteConfiguration.fromPartial({ name, virtualHosts, validateClusters: false });
}

/** Drops domains already claimed by an earlier virtual host (Envoy rejects duplicates) and reports them. */
function dedupeDomains(vhosts: VirtualHost[], routeName: string, problems: GenerationProblem[]): VirtualHost[] {
  const seen = new Set<string>();
  return vhosts.map((vh) => {
    const domains = vh.domains.filter((d) => {
      if (!seen.has(d)) return seen.add(d), true;
      problems.push({ source: `route ${routeName}`, message: `domain "${d}" of virtual host ${vh.name} already used` });
      return false;
    });
    return { ...vh, domains };
  }).filter((vh) => vh.domains.length > 0);
}

/** REGISTRY_ONLY's fallthrough: Istio 1.2 answers requests for hosts outside the registry with 502. */
const BLOCK_ALL_ROUTE: Route = {
  name: 'block_all',
  match: { pathSpecifier: { $case: 'prefix', value: '/' } },
  action: { $case: 'directResponse', value: { status: 502 } },
} as unknown as Route;

/** Sidecar outbound route config `<port>`: one virtual host `<host>:<port>` per visible HTTP service on the port. */
export function sidecarRouteConfig(proxy: Proxy, push: PushContext, port: number, problems: GenerationProblem[]): RouteConfiguration {
  const vss = virtualServicesFor(push, 'mesh');
  const vhosts: VirtualHost[] = [];
  for (const svc of servicesVisibleTo(proxy, push)) {
    if (!svc.ports.some((p) => p.port === port)) continue;
    const vs = virtualServiceFor(vss, svc.hostname);
    const hash = (host: string) => hashPolicyFor(proxy, push, host);
    const routes = vs ? routesOf(vs, { port, proxyLabels: proxy.labels, gateways: ['mesh'], hashPolicyFor: hash }, problems) : [];
    vhosts.push(virtualHost(`${svc.hostname}:${port}`, serviceDomains(svc, port, proxy.namespace), routes.length > 0 ? routes : [defaultRoute(outboundClusterName(port, '', svc.hostname), hash(svc.hostname))]));
  }
  // The fallthrough virtual host, last: unknown hosts pass through (ALLOW_ANY) or get a 502 (REGISTRY_ONLY).
  if (push.mesh.outboundTrafficPolicy === 'ALLOW_ANY') vhosts.push(virtualHost('allow_any', ['*'], [defaultRoute(PASSTHROUGH_CLUSTER)]));
  else vhosts.push(virtualHost('block_all', ['*'], [BLOCK_ALL_ROUTE]));
  return routeConfiguration(String(port), dedupeDomains(vhosts, String(port), problems));
}

/** Proxyless gRPC: route config `<host>:<port>` with one virtual host whose domains include that name. */
export function proxylessRouteConfig(proxy: Proxy, push: PushContext, name: string, problems: GenerationProblem[]): RouteConfiguration | undefined {
  const [host, portText] = name.split(':');
  const port = Number(portText);
  if (!host || !Number.isInteger(port)) return undefined;
  const svc = servicesVisibleTo(proxy, push).find((s) => s.hostname === host || s.hostname.startsWith(`${host}.`));
  if (!svc) return undefined;
  const vs = virtualServiceFor(virtualServicesFor(push, 'mesh'), svc.hostname);
  const routes = vs ? routesOf(vs, { port, proxyLabels: proxy.labels, gateways: ['mesh'] }, problems) : [];
  const domains = [...new Set([name, ...serviceDomains(svc, port, proxy.namespace)])];
  return routeConfiguration(name, [virtualHost(`${svc.hostname}:${port}`, domains, routes.length > 0 ? routes : [defaultRoute(outboundClusterName(port, '', svc.hostname))])]);
}

/**
 * Gateway route config (`http.<port>` or `https.<port>.<portName>.<gw>.<ns>`): per server, the
 * VirtualServices bound to its gateway, one virtual host per host they share with the server (the
 * first server to claim a host keeps it, as in 1.2). An HTTP server with `tls.httpsRedirect`
 * makes its virtual hosts `require_tls: ALL`, so plain-HTTP callers are redirected to https.
 */
export function gatewayRouteConfig(proxy: Proxy, push: PushContext, name: string, servers: readonly GatewayServer[], problems: GenerationProblem[]): RouteConfiguration {
  const gateways = [...new Set(servers.map((s) => s.gatewayName))];
  const vhosts: VirtualHost[] = [];
  const claimed = new Set<string>();
  for (const s of servers) {
    const requireTls = s.server.tls?.httpsRedirect ? VirtualHost_TlsRequirementType.ALL : VirtualHost_TlsRequirementType.NONE;
    for (const vs of virtualServicesFor(push, s.gatewayName)) {
      const vsHosts = vs.spec.hosts.filter((h) => s.server.hosts.some((sh) => hostMatch(sh.split('/').pop() ?? sh, h)) && !claimed.has(h));
      if (vsHosts.length === 0) continue;
      const routes = routesOf(vs, { port: s.port, proxyLabels: proxy.labels, gateways }, problems);
      for (const h of vsHosts) {
        claimed.add(h);
        vhosts.push(VirtualHost.fromPartial({ name: `${h}:${s.port}`, domains: [h, `${h}:${s.port}`], routes, requireTls }));
      }
    }
  }
  return routeConfiguration(name, dedupeDomains(vhosts, name, problems));
}

function hostMatch(a: string, b: string): boolean {
  if (a === '*' || b === '*' || a === b) return true;
  if (a.startsWith('*.')) return b.endsWith(a.slice(1));
  if (b.startsWith('*.')) return a.endsWith(b.slice(1));
  return false;
}
