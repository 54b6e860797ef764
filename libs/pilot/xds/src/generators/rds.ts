import { XdsTypeUrl } from '@tsmesh/contracts';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type { Proxy } from '../proxy';
import { memoized, type PushContext } from '../push-context';
import { proxyConfigKey } from '../scope/config-key';
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
  const key = proxyConfigKey(proxy, push);
  const problems: GenerationProblem[] = [];
  const routes: RouteConfiguration[] = [];
  for (const name of names) {
    // One build per push and config key, shared by the RDS push and the config-problem report.
    const built = memoized(push, `build-rds|${key}|${name}`, () => {
      const found: GenerationProblem[] = [];
      return { rc: routeConfigFor(proxy, push, name, found), problems: found };
    });
    if (built.rc) routes.push(built.rc);
    problems.push(...built.problems);
  }
  return { routes, problems };
}

export function routeProblems(proxy: Proxy, push: PushContext, names: readonly string[]): GenerationProblem[] {
  return buildRouteConfigs(proxy, push, names).problems;
}

// A route config shared by proxies with one config key is encoded once.
const packed = new WeakMap<RouteConfiguration, GeneratedResource>();

function packRoute(rc: RouteConfiguration): GeneratedResource {
  let out = packed.get(rc);
  if (!out) {
    out = { name: rc.name, resource: { typeUrl: XdsTypeUrl.RouteConfiguration, value: Buffer.from(RouteConfiguration.encode(rc).finish()) } };
    packed.set(rc, out);
  }
  return out;
}

/**
 * RDS: `<port>` for sidecars (a virtual host per visible service), `http.<port>` /
 * `https.<port>.<portName>.<gw>.<ns>` for gateways, `<host>:<port>` for proxyless gRPC clients.
 */
export const rdsGenerator: XdsGenerator = {
  typeUrl: XdsTypeUrl.RouteConfiguration,
  namedResources: true,
  generate(proxy, push, names) {
    return buildRouteConfigs(proxy, push, names).routes.map(packRoute);
  },
};
