import { startCitadel } from '@tsmesh/citadel-ca';
import { runComponent } from '@tsmesh/shared-runtime';
import { citadelConfig } from './config';

runComponent({
  name: 'citadel',
  description:
    'The mesh CA (Istio 1.2 Citadel): signs workload certificates for spiffe://<trust-domain>/ns/<ns>/sa/<sa> over ' +
    'istio.v1.auth.IstioCertificateService, authenticating callers by service-account token or by their current certificate.',
  config: citadelConfig,
  async start(ctx) {
    const config = ctx.config;
    const citadel = await startCitadel({
      host: config.host,
      grpcPort: config.grpcPort,
      rootDir: config.rootDir,
      trustDomain: config.trustDomain,
      workloadCertTtlMs: config.workloadCertTtl,
      maxWorkloadCertTtlMs: config.maxWorkloadCertTtl,
      selfSignedCa: config.selfSignedCa,
      selfSignedCaCertTtlMs: config.selfSignedCaCertTtl,
      keyAlgorithm: config.keyAlgorithm,
      pluggedIn: {
        ...(config.signingCert ? { signingCertFile: config.signingCert } : {}),
        ...(config.signingKey ? { signingKeyFile: config.signingKey } : {}),
        ...(config.rootCert ? { rootCertFile: config.rootCert } : {}),
        ...(config.certChain ? { certChainFile: config.certChain } : {}),
      },
      ...(config.tokenVerificationKey ? { tokenVerificationKeyFile: config.tokenVerificationKey } : {}),
      log: ctx.log,
      meter: ctx.meter,
    });
    ctx.onShutdown(() => citadel.server.close(config.drainTimeout), 'citadel gRPC server');
    ctx.health.addCheck('ca-signing-certificate', () =>
      Date.now() < citadel.ca.bundle.signingCertificate.notAfter.getTime() || 'the CA signing certificate has expired',
    );
    ctx.health.addCheck('serving-certificate', () =>
      Date.now() < citadel.server.servingCertNotAfter().getTime() || 'the gRPC serving certificate has expired',
    );
    ctx.announce({ ports: { grpc: citadel.server.port } });
    ctx.log.info({ rootCertFile: citadel.rootCertFile }, 'workloads trust this root');
  },
});
