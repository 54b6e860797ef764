import { XdsTypeUrl } from '@tsmesh/contracts';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type { Proxy } from '../proxy';
import type { PushContext } from '../push-context';
import type { GeneratedResource, XdsGenerator } from './generator';
import { gatewayServers } from './listeners/gateway-servers';
import { gatewayRouteConfig, proxylessRouteConfig, sidecarRouteConfig } from './routes/route-configs';
import type { GenerationProblem } from './routes/virtual-services';

export type { GenerationProblem } from './routes/virtual-services';

function routeConfigFor(proxy: Proxy, push: PushContext, name: string, problems: GenerationProblem[]): RouteConfiguration | undefined {
  if (proxy.type === 'router') {
    const servers = gatewayServers(proxy, push).filter((s) => s.routeName === name);
    if (servers.length === 0) return undefined;
    return gatewayRouteConfig(proxy, push, name, servers, problems);
  }
  if (/^\d+$/.test(name)) return sidecarRouteConfig(proxy, push, Number(name), problems);
  return proxylessRouteConfig(proxy, push, name, problems);
}

/** Builds the requested route configs and the config problems met (routes left out), for logging before a push. */
export function buildRouteConfigs(proxy: Proxy, push: PushContext, names: readonly string[]): { routes: RouteConfiguration[]; problems: GenerationProblem[] } {
  const problems: GenerationProblem[] = [];
  const routes: RouteConfiguration[] = [];
  for (const name of names) {
    const rc = routeConfigFor(proxy, push, name, problems);
    if (rc) routes.push(rc);
  }
  return { routes, problems };
}

export function routeProblems(proxy: Proxy, push: PushContext, names: readonly string[]): GenerationProblem[] {
  return buildRouteConfigs(proxy, push, names).problems;
}

/**
 * RDS: `<port>` for sidecars (a virtual host per visible service), `http.<port>` /
 * `https.<port>.<portName>.<gw>.<ns>` for gateways, `<host>:<port>` for proxyless gRPC clients.
 */
export const rdsGenerator: XdsGenerator = {
  typeUrl: XdsTypeUrl.RouteConfiguration,
  namedResources: true,
  generate(proxy, push, names) {
    return buildRouteConfigs(proxy, push, names).routes.map((rc) => ({
      name: rc.name,
      resource: { typeUrl: XdsTypeUrl.RouteConfiguration, value: Buffer.from(RouteConfiguration.encode(rc).finish()) },
    } satisfies GeneratedResource));
  },
};
