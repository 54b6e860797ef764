import { DirectorySource, formatProblem } from '@tsmesh/galley-source';
import { McpSource } from '@tsmesh/galley-mcp-server';
import { runComponent, startGrpcServer } from '@tsmesh/shared-runtime';
import { galleyConfig } from './config';

runComponent({
  name: 'galley',
  config: galleyConfig,
  async start(ctx) {
    const { config, log } = ctx;
    const mcp = new McpSource(log);
    const server = await startGrpcServer({ host: config.host, port: config.grpcPort, services: [mcp.service], label: 'MCP server', portFlag: '--grpc-port' });
    const source = new DirectorySource({
      dir: config.configDir,
      debounceMs: config.debounce,
      log,
      onSnapshot: (snapshot, problems) => {
        mcp.setSnapshot(snapshot);
        log.info({ version: snapshot.version, problems: problems.length }, 'config snapshot published');
      },
    });
    ctx.onShutdown(async () => server.close(1000));
    ctx.onShutdown(async () => mcp.closeAll());
    await source.start();
    ctx.onShutdown(async () => source.stop());
    ctx.monitoring.get('/debug/mcp', async () => mcp.status());
    ctx.monitoring.get('/debug/config-problems', async () => source.problems().map(formatProblem));
    ctx.announce({ ports: { grpc: server.port }, connectedTo: [] });
  },
});
