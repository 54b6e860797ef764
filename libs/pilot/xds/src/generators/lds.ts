import { XdsTypeUrl } from '@tsmesh/contracts';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import type { Proxy } from '../proxy';
import { memoized, type PushContext } from '../push-context';
import { proxyConfigKey } from '../scope/config-key';
import type { GeneratedResource, XdsGenerator } from './generator';
import { gatewayListeners } from './listeners/gateway';
import { proxylessListener } from './listeners/proxyless';
import { inboundListeners, outboundListeners, virtualOutboundListener } from './listeners/sidecar';
import type { GenerationProblem } from './routes/virtual-services';

/** Every listener of one proxy and the config problems met (each logged by pilot, naming its source). */
export function buildListeners(proxy: Proxy, push: PushContext, names: readonly string[]): { listeners: Listener[]; problems: GenerationProblem[] } {
  // Shared by the LDS push and the config-problem report of every proxy with this key.
  const key = `build-lds|${proxyConfigKey(proxy, push)}|${proxy.proxyless ? names.join(',') : ''}`;
  return memoized(push, key, () => buildListenersOnce(proxy, push, names));
}

function buildListenersOnce(proxy: Proxy, push: PushContext, names: readonly string[]): { listeners: Listener[]; problems: GenerationProblem[] } {
  const problems: GenerationProblem[] = [];
  if (proxy.proxyless) return { listeners: names.map(proxylessListener), problems };
  if (proxy.type === 'router') return { listeners: gatewayListeners(proxy, push, problems), problems };
  const listeners = [...inboundListeners(proxy, push), ...outboundListeners(proxy, push, problems), virtualOutboundListener(push)];
  return { listeners, problems };
}

export function listenerProblems(proxy: Proxy, push: PushContext): GenerationProblem[] {
  return buildListeners(proxy, push, []).problems;
}

/**
 * LDS: wildcard for sidecars and gateways (inbound `<podIP>_<port>`, outbound `0.0.0.0_<port>` /
 * `<vip>_<port>`, `virtual`; gateway `0.0.0.0_<port>`); by name for proxyless gRPC clients, whose
 * requested names come through `names` (so the interface stays as it is: wildcard generators
 * simply get the names a client chose to send).
 */
export const ldsGenerator: XdsGenerator = {
  typeUrl: XdsTypeUrl.Listener,
  namedResources: false,
  generate(proxy, push, names) {
    return buildListeners(proxy, push, names).listeners.map((l) => ({
      name: l.name,
      resource: { typeUrl: XdsTypeUrl.Listener, value: Buffer.from(Listener.encode(l).finish()) },
    } satisfies GeneratedResource));
  },
};
