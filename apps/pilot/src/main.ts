import { Discovery, startDebugServer } from '@tsmesh/pilot-xds';
import { PILOT_COLLECTIONS, startMcpSink } from '@tsmesh/shared-mcp';
import { runComponent, startGrpcServer } from '@tsmesh/shared-runtime';
import { hostname } from 'node:os';
import { meshSettings, pilotConfig } from './config';

runComponent({
  name: 'pilot',
  config: pilotConfig,
  async start(ctx) {
    const { config, log } = ctx;
    const { mesh, file } = meshSettings(config);
    if (file) log.info({ file, rootNamespace: mesh.rootNamespace, connectTimeoutMs: mesh.connectTimeoutMs, localityLbSetting: mesh.localityLbSetting ?? null }, 'mesh config read');
    const discovery = new Discovery({ log, meter: ctx.meter, debounce: { afterMs: config.debounceAfter, maxMs: config.debounceMax }, domainSuffix: config.domain, mesh });
    const grpc = await startGrpcServer({ host: config.host, port: config.grpcPort, services: [discovery.ads.service], label: 'xDS gRPC server', portFlag: '--grpc-port' });
    ctx.onShutdown(async () => grpc.close(1000));
    const debug = await startDebugServer(config.host, config.httpPort, discovery);
    ctx.onShutdown(() => debug.close());
    ctx.onShutdown(async () => discovery.stop());
    const sink = startMcpSink({
      address: config.galleyAddress,
      sinkId: `pilot-${hostname()}-${process.pid}`,
      collections: PILOT_COLLECTIONS,
      log,
      onUpdate: discovery.applyUpdate,
      onConnectionChange: (connected) => ctx.announce({ connectedTo: connected ? ['galley'] : [] }),
    });
    ctx.onShutdown(async () => sink.stop());
    ctx.health.addCheck('galley', () => sink.connected() || `not connected to galley at ${config.galleyAddress}`);
    ctx.announce({ ports: { grpc: grpc.port, http: debug.port } });
  },
});
