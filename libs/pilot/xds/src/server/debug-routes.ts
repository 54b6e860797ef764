import type { FastifyInstance } from 'fastify';
import { adsz, registryz, syncz } from '../ads/debug';
import type { Discovery } from './discovery';

/** Istio 1.2 pilot debug endpoints (served on pilot's HTTP port, 8080 in a cluster). */
export function registerDebugRoutes(app: FastifyInstance, discovery: Discovery): void {
  app.get('/debug/adsz', async () => adsz(discovery.ads));
  app.get('/debug/syncz', async () => syncz(discovery.ads));
  app.get('/debug/registryz', async () => registryz(discovery.ads.currentPush()?.registry));
  app.get('/debug/configz', async () => ({
    version: discovery.store.version(),
    collections: discovery.store.collections(),
    resources: Object.fromEntries(discovery.store.state()),
  }));
}
