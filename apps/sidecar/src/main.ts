import { ConfigError } from '@tsmesh/shared-errors';
import { runComponent } from '@tsmesh/shared-runtime';
import { startAdminServer, startStatsServer, startStatusServer } from '@tsmesh/sidecar-admin';
import { bridgeDataPlane, parseLocality, SidecarAgent } from '@tsmesh/sidecar-agent';
import { DataPlane, type RequestRecord } from '@tsmesh/sidecar-dataplane';
import { sidecarConfig, sidecarPortsConfig } from './config';
import { runWaitReady } from './wait-ready';

function parseLabels(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new ConfigError(`expected key=value, got "${pair}"`, { field: '--labels' });
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

function runSidecar(): void {
  runComponent({
    name: 'sidecar',
    config: { ...sidecarConfig, ...sidecarPortsConfig },
    async start(ctx) {
      const { config, log } = ctx;
      const listenAddress = config.listenAddress || config.podIp;
      let reportRequest: (record: RequestRecord) => void = () => undefined;
      // Every listener, route and cluster comes from pilot's xDS through the data path.
      const dataPlane = bridgeDataPlane(
        new DataPlane({
          log,
          meter: ctx.meter,
          tracer: ctx.tracer,
          listenAddress,
          appHost: config.appHost,
          serviceCluster: `${parseLabels(config.labels)['app'] ?? config.podName}.${config.namespace}`,
          onRequestComplete: (record) => reportRequest(record),
          maxDownstreamConnections: config.maxConnections,
        }),
      );
      const agent = new SidecarAgent({
        dataPlane,
        workload: { podName: config.podName, namespace: config.namespace, podIp: config.podIp, serviceAccount: config.serviceAccount, labels: parseLabels(config.labels), trustDomain: config.trustDomain, domainSuffix: config.domain, proxyType: config.proxyType as 'sidecar' | 'router' },
        bootstrap: { tsmeshVersion: ctx.version, interceptionMode: config.interceptionMode, locality: parseLocality(config.locality) },
        pilotAddress: config.pilotAddress,
        mixerAddress: config.mixerAddress,
        identity: { citadelAddress: config.citadelAddress, rootCertFile: config.citadelRootCert, tokenFile: config.tokenFile, certsDir: config.certsDir },
        log,
      });
      reportRequest = (record) => agent.reportRequest(record);
      // /quitquitquit: the same drain as SIGTERM, without waiting for in-flight requests.
      let immediate = false;
      const quit = () => {
        immediate = true;
        process.kill(process.pid, 'SIGTERM');
      };
      const source = agent.adminSource(ctx.version, quit);
      const admin = await startAdminServer({ host: config.adminAddress, port: config.adminPort, source, log });
      ctx.onShutdown(() => admin.close(), 'admin server');
      const stats = await startStatsServer({ host: listenAddress, port: config.statsPort, source });
      ctx.onShutdown(() => stats.close(), 'stats server');
      const ports: Record<string, number> = { admin: admin.port, stats: stats.port };
      // The local mesh runs the monitoring server on the status port; then it serves /healthz/ready.
      if (config.statusPort !== config.monitoringPort) {
        const status = await startStatusServer({ host: listenAddress, port: config.statusPort, notReadyReason: () => agent.problems().join('; ') || undefined });
        ctx.onShutdown(() => status.close(), 'status server');
        ports['status'] = status.port;
      }
      // Runs first on SIGTERM (hooks run in reverse): stop accepting, let in-flight requests finish.
      ctx.onShutdown(async () => {
        const drainMs = immediate ? 0 : config.drainDuration;
        log.info({ drainMs }, 'sidecar: draining listeners');
        await Promise.race([agent.drainAndStop(drainMs), new Promise((r) => setTimeout(r, config.parentShutdownDuration).unref())]);
      }, 'sidecar agent');
      await agent.start();
      ctx.health.addCheck('sidecar', () => agent.problems().join('; ') || true);
      ctx.monitoring.get('/debug/xds', async () => agent.ads.status());
      ctx.monitoring.get('/debug/mixer', async () => agent.reporter.stats());
      ctx.announce({ ports, connectedTo: agent.connectedPeers() });
      // Peers come and go; keep /debug/status (and the local mesh's table) current.
      const refresh = setInterval(() => ctx.announce({ connectedTo: agent.connectedPeers() }), 1000);
      refresh.unref();
      ctx.onShutdown(async () => clearInterval(refresh), 'status refresh');
    },
  });
}

if (process.argv[2] === 'wait-ready') {
  void runWaitReady(process.argv.slice(3)).then((code) => process.exit(code));
} else {
  runSidecar();
}
