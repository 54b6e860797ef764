import { connect as h2connect } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { metrics, trace } from '@opentelemetry/api';
import { freePort } from '@tsmesh/shared-testing';
import pino from 'pino';
import { DataPlane } from './data-plane';
import { grpcTimeoutMs } from './grpc';
import { httpStatusOfGrpc } from './upstream-request';
import { clusterOver, ms, routesFor } from './resilience.test-config';
import { outboundListener, virtualListener } from './test-config';

const HOST = 'greeter.default.svc.cluster.local';
const C = `outbound|9080||${HOST}`;
const identity = { serialize: (b: Buffer) => b, deserialize: (b: Buffer) => b };
const SERVICE = {
  say: { path: '/test.Greeter/Say', requestStream: false, responseStream: false, requestSerialize: identity.serialize, requestDeserialize: identity.deserialize, responseSerialize: identity.serialize, responseDeserialize: identity.deserialize },
} as const;

describe('gRPC through the data path (h2c in, h2 out, real grpc-js peers)', () => {
  let server: grpc.Server;
  let dp: DataPlane;
  let proxy: number;
  const logs: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = new grpc.Server();
    server.addService(SERVICE as unknown as grpc.ServiceDefinition, {
      say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        const text = call.request.toString();
        if (text === 'missing') return cb({ code: grpc.status.NOT_FOUND, details: 'no such greeting', metadata: Object.assign(new grpc.Metadata(), {}) });
        if (text === 'slow') return void setTimeout(() => cb(null, Buffer.from('late')), 1500);
        cb(null, Buffer.from(`hello ${text}`));
      },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    proxy = await freePort();
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 't', accessLog: (l) => logs.push(JSON.parse(l) as Record<string, unknown>) });
    await dp.apply({
      listeners: new Map([['virtual', virtualListener(proxy)], ['0.0.0.0_9080', outboundListener(9080)]]),
      routes: new Map([['9080', routesFor(9080, HOST, [{ prefix: '/', cluster: C, action: { timeout: ms(0), maxGrpcTimeout: ms(0) } }])]]),
      clusters: new Map([[C, clusterOver(C, [port], { http2ProtocolOptions: {} })]]),
      loadAssignments: new Map(),
    });
  });

  afterAll(async () => {
    await dp.close(500);
    server.forceShutdown();
  });

  function say(text: string, deadlineMs = 5000): Promise<{ code: number; details: string; value?: string }> {
    const Client = grpc.makeGenericClientConstructor(SERVICE as unknown as grpc.ServiceDefinition, 'Greeter');
    const client = new Client(`127.0.0.1:${proxy}`, grpc.credentials.createInsecure(), { 'grpc.default_authority': `${HOST}:9080` }) as unknown as {
      say(req: Buffer, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Buffer) => void): void;
      close(): void;
    };
    return new Promise((resolve) =>
      client.say(Buffer.from(text), { deadline: Date.now() + deadlineMs }, (err, res) => {
        client.close();
        resolve(err ? { code: err.code, details: err.details } : { code: 0, details: '', value: res?.toString() });
      }),
    );
  }

  it('a unary call succeeds and its grpc-status arrives in trailers', async () => {
    expect(await say('mesh')).toEqual({ code: 0, details: '', value: 'hello mesh' });
    expect(logs.at(-1)).toMatchObject({ response_code: 200, grpc_status: '0', protocol: 'HTTP/2' });
  });

  it('an error status and message pass through unchanged', async () => {
    expect(await say('missing')).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'no such greeting' });
  });

  it('grpc-timeout sets the route deadline: the sidecar answers trailers-only UNAVAILABLE with the UT flag', async () => {
    const session = h2connect(`http://127.0.0.1:${proxy}`);
    const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, 4]), Buffer.from('slow')]);
    const stream = session.request({ ':method': 'POST', ':path': '/test.Greeter/Say', ':authority': `${HOST}:9080`, 'content-type': 'application/grpc', te: 'trailers', 'grpc-timeout': '200m' });
    stream.end(frame);
    const began = Date.now();
    const headers = await new Promise<Record<string, unknown>>((resolve) => stream.on('response', (h) => resolve(h as Record<string, unknown>)));
    stream.resume();
    await new Promise((r) => stream.on('close', r));
    session.close();
    expect(headers[':status']).toBe(200);
    expect(headers['grpc-status']).toBe('14');
    expect(Date.now() - began).toBeLessThan(1400);
    expect(logs.at(-1)).toMatchObject({ response_flags: 'UT' });
  });

  it('parses grpc-timeout units and ignores malformed values', () => {
    expect(grpcTimeoutMs('5S')).toBe(5000);
    expect(grpcTimeoutMs('250m')).toBe(250);
    expect(grpcTimeoutMs('1M')).toBe(60_000);
    expect(grpcTimeoutMs('100u')).toBe(1);
    expect(grpcTimeoutMs('12x')).toBeUndefined();
    expect(grpcTimeoutMs(undefined)).toBeUndefined();
  });
});

describe('gRPC status for outlier detection', () => {
  it('maps gRPC codes as Envoy does (UNAVAILABLE counts as a 503 gateway error)', () => {
    expect(httpStatusOfGrpc('0')).toBe(200);
    expect(httpStatusOfGrpc('14')).toBe(503);
    expect(httpStatusOfGrpc('4')).toBe(504);
    expect(httpStatusOfGrpc('5')).toBe(404);
    expect(httpStatusOfGrpc(undefined)).toBe(500);
  });
});
