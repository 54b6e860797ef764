import { Server, ServerCredentials } from '@grpc/grpc-js';
import { buildSnapshot, type ParsedResource } from '@tsmesh/galley-source';
import { type McpUpdate, startMcpSink } from '@tsmesh/shared-mcp';
import { Backoff } from '@tsmesh/shared-runtime';
import pino from 'pino';
import { McpSource } from './mcp-source';

const log = pino({ level: 'silent' });
const resource = (collection: string, key: string, body: Record<string, unknown>): ParsedResource => ({
  collection, key, kind: 'x', namespace: key.split('/')[0] ?? '', name: key.split('/')[1] ?? key, labels: { app: 'a' }, annotations: {}, body, version: JSON.stringify(body), file: 'f.yaml', line: 1,
});
const SERVICES = 'k8s/core/v1/services';
const VS = 'istio/networking/v1alpha3/virtualservices';

async function waitUntil(pred: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('MCP source and sink over gRPC', () => {
  let server: Server;
  let port: number;
  let source: McpSource;

  beforeEach(async () => {
    source = new McpSource(log);
    server = new Server();
    server.addService(source.service.definition, source.service.implementation);
    port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    source.setSnapshot(buildSnapshot(new Map([['f.yaml', [resource(SERVICES, 'default/reviews', { spec: { ports: [{ port: 9080 }] } })]]])).snapshot);
  });
  afterEach(() => server.forceShutdown());

  it('serves each sink its own collections, then pushes changes, and tracks ACKs', async () => {
    const updates: McpUpdate[] = [];
    const sink = startMcpSink({ address: `127.0.0.1:${port}`, sinkId: 'pilot-test', collections: [SERVICES, VS], log, onUpdate: (u) => updates.push(u) });
    try {
      await waitUntil(() => updates.length === 2, 'initial pushes');
      const services = updates.find((u) => u.collection === SERVICES);
      expect(services?.resources.map((r) => [r.name, r.labels, r.body])).toEqual([['default/reviews', { app: 'a' }, { spec: { ports: [{ port: 9080 }] } }]]);
      expect(updates.find((u) => u.collection === VS)?.resources).toEqual([]);

      source.setSnapshot(buildSnapshot(new Map([['f.yaml', [resource(SERVICES, 'default/reviews', { spec: {} }), resource(VS, 'default/r', { hosts: ['reviews'] })]]])).snapshot);
      await waitUntil(() => updates.length === 4, 'second pushes');
      expect(updates.slice(2).map((u) => u.collection).sort()).toEqual([VS, SERVICES].sort());
      await waitUntil(() => {
        const sinks = source.status().sinks as Array<{ sink: string; collections: Record<string, { sent?: string; acked?: string }> }>;
        const c = sinks[0]?.collections[VS];
        return sinks[0]?.sink === 'pilot-test' && c?.acked !== undefined && c.acked === c.sent;
      }, 'ACK of the virtualservices push');
      expect(sink.connected()).toBe(true);
    } finally {
      sink.stop();
    }
  });

  it('records a NACK from a sink with its reason', async () => {
    const sink = startMcpSink({
      address: `127.0.0.1:${port}`,
      sinkId: 'picky',
      collections: [SERVICES],
      log,
      onUpdate: () => {
        throw new Error('cannot apply reviews');
      },
    });
    try {
      await waitUntil(() => source.status().nacks.length > 0, 'a NACK');
      expect(source.status().nacks[0]).toMatchObject({ sink: 'picky', collection: SERVICES, reason: 'cannot apply reviews' });
    } finally {
      sink.stop();
    }
  });

  it('reconnects with backoff after the source restarts and gets the state again', async () => {
    const updates: McpUpdate[] = [];
    const sink = startMcpSink({ address: `127.0.0.1:${port}`, sinkId: 's', collections: [SERVICES], log, onUpdate: (u) => updates.push(u), backoff: new Backoff({ initialMs: 20, maxMs: 100, multiplier: 2, jitter: 0 }) });
    try {
      await waitUntil(() => updates.length === 1, 'first push');
      server.forceShutdown();
      await waitUntil(() => !sink.connected(), 'disconnect');
      server = new Server();
      server.addService(source.service.definition, source.service.implementation);
      await new Promise((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
      await waitUntil(() => updates.length === 2, 'push after reconnect');
    } finally {
      sink.stop();
    }
  });
});
