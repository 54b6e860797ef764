import { loadInjectorConfig } from '@tsmesh/injector-injection';
import { INJECTOR_DEV_CERT_NAMES, loadNamespaceLabels, startWebhookServer } from '@tsmesh/injector-webhook';
import { ensureDevCertificates, loadTlsFiles, type TlsKeyPair } from '@tsmesh/shared-admission';
import { ConfigError } from '@tsmesh/shared-errors';
import { runComponent } from '@tsmesh/shared-runtime';
import { injectorConfig } from './config';

runComponent({
  name: 'injector',
  config: injectorConfig,
  description: 'Sidecar injector: the mutating admission webhook (POST /inject over HTTPS) that adds istio-init and istio-proxy to pods.',
  async start(ctx) {
    const config = ctx.config;
    if (Boolean(config.tlsCertFile) !== Boolean(config.tlsKeyFile)) {
      throw new ConfigError('--tls-cert-file and --tls-key-file go together', { field: config.tlsCertFile ? '--tls-key-file' : '--tls-cert-file' });
    }
    const injector = await loadInjectorConfig(
      {
        ...(config.injectConfig && { inject: [{ path: config.injectConfig, flag: '--inject-config' }] }),
        ...(config.meshConfig && { mesh: { path: config.meshConfig, flag: '--mesh-config' } }),
      },
      (message) => ctx.log.warn(message),
    );
    let tls: TlsKeyPair;
    let caFile: string | undefined;
    if (config.tlsCertFile && config.tlsKeyFile) {
      tls = await loadTlsFiles(config.tlsCertFile, config.tlsKeyFile);
    } else {
      const dev = await ensureDevCertificates(config.certDir, INJECTOR_DEV_CERT_NAMES);
      tls = dev;
      caFile = dev.caFile;
      ctx.log.info({ caFile: dev.caFile, certFile: dev.certFile, reused: !dev.generated }, 'serving with a development certificate');
    }
    const namespaceLabels = config.namespacesFile ? await loadNamespaceLabels(config.namespacesFile) : undefined;
    const requests = ctx.meter.createCounter('sidecar_injection_requests_total', { description: 'AdmissionReviews answered, by result' });
    const latency = ctx.meter.createHistogram('sidecar_injection_duration_ms', { description: 'time to answer an AdmissionReview', unit: 'ms' });
    const server = await startWebhookServer({
      host: config.host,
      port: config.port,
      tls,
      config: injector,
      log: ctx.log,
      bodyLimitBytes: config.maxRequestBytes,
      ...(namespaceLabels && { namespaceLabels }),
      onAdmission: (outcome, durationMs) => {
        requests.add(1, { result: outcome.result });
        latency.record(durationMs, { result: outcome.result });
      },
    });
    ctx.onShutdown(() => server.close(), 'webhook-server');
    ctx.health.addCheck('webhook', () => server.app.server.listening || 'the webhook server is not listening');
    ctx.announce({ ports: { https: server.port } });
    ctx.log.info(
      { https: server.port, path: '/inject', policy: injector.policy, templateVersion: injector.templateVersion, ...(caFile && { caFile }) },
      `injector webhook listening on https://${config.host}:${server.port}/inject`,
    );
  },
});
