import { isMeshError, ConfigError } from '@tsmesh/shared-errors';
import { parseConfig } from '@tsmesh/shared-runtime';
import { citadelConfig } from './config';

const HOUR = 3_600_000;

describe('citadel flags', () => {
  it('defaults like Istio 1.2 (helm): port 8060, 2160h workload TTL, self-signed root, cluster.local', () => {
    const config = parseConfig(citadelConfig, { argv: [] });
    expect(config).toMatchObject({
      grpcPort: 8060,
      rootDir: './.tsmesh/citadel',
      trustDomain: 'cluster.local',
      workloadCertTtl: 2160 * HOUR,
      maxWorkloadCertTtl: 2160 * HOUR,
      selfSignedCa: true,
      selfSignedCaCertTtl: 3650 * 24 * HOUR,
      keyAlgorithm: 'ecdsa-p256',
    });
    expect(config.signingCert).toBeUndefined();
    expect(config.tokenVerificationKey).toBeUndefined();
  });

  it('accepts the plugged-in CA flags', () => {
    const config = parseConfig(citadelConfig, {
      argv: ['--self-signed-ca=false', '--signing-cert', 'a.pem', '--signing-key', 'b.pem', '--root-cert', 'c.pem', '--cert-chain', 'd.pem'],
    });
    expect(config).toMatchObject({ selfSignedCa: false, signingCert: 'a.pem', signingKey: 'b.pem', rootCert: 'c.pem', certChain: 'd.pem' });
  });

  it('names the bad flag', () => {
    try {
      parseConfig(citadelConfig, { argv: ['--workload-cert-ttl', '90d'] });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(isMeshError(err, ConfigError)).toBe(true);
      expect((err as InstanceType<typeof ConfigError>).field).toBe('--workload-cert-ttl');
    }
  });
});
