import type { FastifyInstance } from 'fastify';
import { configDump, findConnection } from '../ads/config-dump';
import { adsz, endpointz, registryz, syncz } from '../ads/debug';
import type { Discovery } from './discovery';

/** Istio 1.2 pilot debug endpoints (served on pilot's HTTP port, 8080 in a cluster). */
export function registerDebugRoutes(app: FastifyInstance, discovery: Discovery): void {
  app.get('/debug/adsz', async () => adsz(discovery.ads));
  app.get('/debug/syncz', async () => syncz(discovery.ads));
  app.get('/debug/registryz', async () => registryz(discovery.ads.currentPush()?.registry));
  app.get('/debug/endpointz', async () => endpointz(discovery.ads.currentPush()?.registry));
  app.get('/debug/push_status', async () => ({ version: discovery.ads.currentPush()?.version, pushes: discovery.pushStats(), proxies: discovery.ads.connections().length, invalidResources: discovery.ads.invalidResources(), configProblems: discovery.configProblems() }));
  app.get<{ Querystring: { proxyID?: string } }>('/debug/config_dump', async (req, reply) => {
    const id = req.query.proxyID;
    if (!id) return reply.code(400).send({ error: 'proxyID is required: /debug/config_dump?proxyID=<pod>.<namespace>' });
    const conn = findConnection(discovery.ads.connections(), id);
    if (!conn) return reply.code(404).send({ error: `no connected proxy "${id}"; see /debug/adsz` });
    return configDump(conn, discovery.ads.currentPush(), discovery.ads.generators());
  });
  app.get('/debug/configz', async () => ({
    version: discovery.store.version(),
    collections: discovery.store.collections(),
    resources: Object.fromEntries(discovery.store.state()),
  }));
}
