import { credentials, Metadata } from '@grpc/grpc-js';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { IstioCertificateServiceClient, IstioCertificateServiceService } from '@tsmesh/contracts/istio/security/v1alpha1/istioca';
import { ResourceSourceClient, ResourceSourceService } from '@tsmesh/contracts/istio/mcp/v1alpha1/mcp';
import Fastify from 'fastify';
import { createTelemetry } from '../telemetry/telemetry';
import { zipkinProcessors } from '../telemetry/zipkin';
import { startGrpcServer } from './server';

describe('gRPC server spans', () => {
  it('records a SERVER span per unary call and per stream, with rpc attributes and status', async () => {
    const exporter = new InMemorySpanExporter();
    const telemetry = createTelemetry({ component: 'test', version: '0', spanProcessors: [new SimpleSpanProcessor({ exporter })], registerGlobal: true });
    const server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [
        { definition: IstioCertificateServiceService, implementation: { createCertificate: (_call: unknown, cb: (e: { code: number; details: string }) => void) => cb({ code: 7, details: 'not you' }) } },
        { definition: ResourceSourceService, implementation: { establishResourceStream: (call: { on: (e: string, f: () => void) => void; end: () => void }) => {
          call.on('data', () => undefined); // a stream only reports 'end' once it is read
          call.on('end', () => call.end());
        } } },
      ],
    });
    try {
      const ca = new IstioCertificateServiceClient(server.address, credentials.createInsecure());
      await new Promise<void>((resolve) => ca.createCertificate({ csr: 'x', subjectId: '', validityDuration: '0' }, new Metadata(), () => resolve()));
      ca.close();
      const mcp = new ResourceSourceClient(server.address, credentials.createInsecure());
      const stream = mcp.establishResourceStream();
      await new Promise<void>((resolve) => {
        stream.on('status', () => resolve());
        stream.on('error', () => undefined);
        stream.on('data', () => undefined);
        stream.end();
      });
      mcp.close();
      const spans = exporter.getFinishedSpans().map((s) => ({ name: s.name, kind: s.kind, code: s.attributes['rpc.grpc.status_code'], method: s.attributes['rpc.method'] }));
      expect(spans).toEqual([
        { name: 'istio.v1.auth.IstioCertificateService/CreateCertificate', kind: 1, code: 7, method: 'CreateCertificate' },
        { name: 'istio.mcp.v1alpha1.ResourceSource/EstablishResourceStream', kind: 1, code: 0, method: 'EstablishResourceStream' },
      ]);
    } finally {
      await server.close(100);
      await telemetry.shutdown();
    }
  });

  it('exports spans to a Zipkin collector when --trace-zipkin-url is set', async () => {
    const received: unknown[] = [];
    const collector = Fastify();
    collector.post('/api/v2/spans', async (req) => {
      received.push(...(req.body as unknown[]));
      return '';
    });
    await collector.listen({ host: '127.0.0.1', port: 0 });
    const { port } = collector.server.address() as { port: number };
    const telemetry = createTelemetry({ component: 'pilot', version: '0', spanProcessors: zipkinProcessors(`http://127.0.0.1:${port}/api/v2/spans`, 'pilot') });
    try {
      telemetry.tracer.startSpan('push').end();
      await telemetry.shutdown(); // flushes the batch
      expect(received).toEqual([expect.objectContaining({ name: 'push', localEndpoint: expect.objectContaining({ serviceName: 'pilot' }) })]);
    } finally {
      await collector.close();
    }
  });

  it('exports nothing without a URL', () => {
    expect(zipkinProcessors('', 'x')).toEqual([]);
  });
});
