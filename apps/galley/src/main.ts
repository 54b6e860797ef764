import { McpSource } from '@tsmesh/galley-mcp-server';
import { formatProblem } from '@tsmesh/galley-source';
import { ADMISSION_ROUTES, type AdmissionPath, crossResourceWarnings, type CrossResourceWarning, reviewConfigAdmission } from '@tsmesh/galley-validation';
import { ensureDevCertificates, loadTlsFiles, startAdmissionServer } from '@tsmesh/shared-admission';
import { runComponent, startGrpcServer } from '@tsmesh/shared-runtime';
import { galleyConfig } from './config';
import { createConfigSource } from './sources';

const DEV_CERT_NAMES = { commonName: 'tsmesh galley development CA', dnsNames: ['istio-galley.istio-system.svc', 'istio-galley.istio-system', 'istio-galley', 'localhost'], ips: ['127.0.0.1', '::1'] };

runComponent({
  name: 'galley',
  config: galleyConfig,
  async start(ctx) {
    const { config, log } = ctx;
    const mcp = new McpSource(log);
    let warnings: CrossResourceWarning[] = [];
    const source = createConfigSource(config, log, (snapshot, problems) => {
      mcp.setSnapshot(snapshot);
      warnings = crossResourceWarnings(new Map([...snapshot.collections].map(([name, c]) => [name, c.resources])));
      for (const w of warnings) log.warn({ resources: w.resources, field: w.path }, `config warning: ${w.message}`);
      log.info({ version: snapshot.version, problems: problems.length, warnings: warnings.length }, 'config snapshot published');
    });
    const server = await startGrpcServer({ host: config.host, port: config.grpcPort, services: [mcp.service], label: 'MCP server', portFlag: '--grpc-port' });
    ctx.onShutdown(async () => server.close(1000), 'MCP server');
    ctx.onShutdown(async () => mcp.closeAll(), 'MCP streams');
    await source.start();
    ctx.onShutdown(async () => source.stop(), 'config source');

    const tls = config.tlsCertFile !== '' || config.tlsKeyFile !== ''
      ? await loadTlsFiles(config.tlsCertFile, config.tlsKeyFile)
      : await ensureDevCertificates(config.certDir, DEV_CERT_NAMES);
    const routes = Object.fromEntries(Object.keys(ADMISSION_ROUTES).map((path) => [path, (review: Parameters<typeof reviewConfigAdmission>[1]) => reviewConfigAdmission(path as AdmissionPath, review)]));
    const webhook = await startAdmissionServer({ host: config.host, port: config.validationPort, portFlag: '--validation-port', tls, routes, log });
    ctx.onShutdown(() => webhook.close(), 'validation webhook');

    ctx.monitoring.get('/debug/mcp', async () => mcp.status());
    ctx.monitoring.get('/debug/config-problems', async () => source.problems().map(formatProblem));
    ctx.monitoring.get('/debug/config-warnings', async () => warnings);
    ctx.announce({ ports: { grpc: server.port, validation: webhook.port } });
  },
});
