import { createMixerService, registerMixerDebugRoutes } from '@tsmesh/mixer-api';
import { runComponent, startGrpcServer } from '@tsmesh/shared-runtime';
import { mixerConfig } from './config';

runComponent({
  name: 'mixer',
  description:
    'Policy and telemetry hub (Istio 1.2 mixs): serves istio.mixer.v1.Mixer Check and Report over gRPC, decoding ' +
    "proxies' compressed attributes. GET /debug/reports on the monitoring port shows what it has accepted.",
  config: mixerConfig,
  async start(ctx) {
    const config = ctx.config;
    const mixer = createMixerService({ log: ctx.log, meter: ctx.meter });
    registerMixerDebugRoutes(ctx.monitoring, mixer.ledger);
    const server = await startGrpcServer({
      host: config.host,
      port: config.grpcPort,
      services: [mixer],
      maxMessageBytes: config.maxMessageSize,
      label: 'mixer gRPC server',
      portFlag: '--grpc-port',
    });
    ctx.onShutdown(() => server.close(config.drainTimeout), 'mixer gRPC server');
    ctx.announce({ ports: { grpc: server.port } });
    ctx.log.info({ address: server.address, galley: config.galleyAddress ?? null }, 'mixer API serving');
  },
});
