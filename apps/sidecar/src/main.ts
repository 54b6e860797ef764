import { ConfigError } from '@tsmesh/shared-errors';
import { runComponent } from '@tsmesh/shared-runtime';
import { SidecarAgent } from '@tsmesh/sidecar-agent';
import { sidecarConfig } from './config';

function parseLabels(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new ConfigError(`expected key=value, got "${pair}"`, { field: '--labels' });
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

function parsePorts(values: readonly string[]): number[] {
  return values.map((v) => {
    const port = Number(v);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new ConfigError(`"${v}" is not a port number`, { field: '--inbound-ports' });
    return port;
  });
}

runComponent({
  name: 'sidecar',
  config: sidecarConfig,
  async start(ctx) {
    const { config, log } = ctx;
    const agent = new SidecarAgent({
      workload: { podName: config.podName, namespace: config.namespace, podIp: config.podIp, serviceAccount: config.serviceAccount, labels: parseLabels(config.labels), trustDomain: config.trustDomain, domainSuffix: config.domain },
      inboundPorts: parsePorts(config.inboundPorts),
      appHost: config.appHost,
      pilotAddress: config.pilotAddress,
      mixerAddress: config.mixerAddress,
      identity: { citadelAddress: config.citadelAddress, rootCertFile: config.citadelRootCert, tokenFile: config.tokenFile, certsDir: config.certsDir },
      log,
    });
    ctx.onShutdown(() => agent.stop(), 'sidecar agent');
    await agent.start();
    ctx.health.addCheck('sidecar', () => agent.problems().join('; ') || true);
    ctx.monitoring.get('/debug/xds', async () => agent.ads.status());
    ctx.monitoring.get('/debug/mixer', async () => agent.reporter.stats());
    ctx.announce({ ports: Object.fromEntries(parsePorts(config.inboundPorts).map((p) => [`inbound-${p}`, p])), connectedTo: agent.connectedPeers() });
    // Peers come and go; keep /debug/status (and the local mesh's table) current.
    const refresh = setInterval(() => ctx.announce({ connectedTo: agent.connectedPeers() }), 1000);
    refresh.unref();
    ctx.onShutdown(async () => clearInterval(refresh), 'status refresh');
  },
});
