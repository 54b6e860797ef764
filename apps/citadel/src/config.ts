import { flag } from '@tsmesh/shared-runtime';

// Citadel's flags, named as Istio 1.2's `istio_ca` where one exists.
export const citadelConfig = {
  grpcPort: flag.port({ flag: 'grpc-port', env: 'CITADEL_GRPC_PORT', default: 8060, description: 'IstioCertificateService gRPC (TLS) port' }),
  rootDir: flag.string({
    flag: 'root-dir',
    env: 'CITADEL_ROOT_DIR',
    default: './.tsmesh/citadel',
    description: 'holds the self-signed root (ca-cert.pem, ca-key.pem) and the published root-cert.pem',
  }),
  trustDomain: flag.string({ flag: 'trust-domain', default: 'cluster.local', description: 'SPIFFE trust domain of workload identities' }),
  workloadCertTtl: flag.duration({ flag: 'workload-cert-ttl', default: '2160h', description: 'TTL of workload certificates when none is requested' }),
  maxWorkloadCertTtl: flag.duration({ flag: 'max-workload-cert-ttl', default: '2160h', description: 'longer requested TTLs are capped to this' }),
  selfSignedCa: flag.boolean({ flag: 'self-signed-ca', default: true, description: 'use (and create) a self-signed root in --root-dir' }),
  selfSignedCaCertTtl: flag.duration({ flag: 'self-signed-ca-cert-ttl', default: '87600h', description: 'TTL of a newly created self-signed root' }),
  keyAlgorithm: flag.oneOf(['ecdsa-p256', 'rsa-2048'] as const, {
    flag: 'key-algorithm',
    default: 'ecdsa-p256',
    description: 'key type of a new self-signed root and of the serving certificate',
  }),
  signingCert: flag.string({ flag: 'signing-cert', description: 'plugged-in CA certificate (with --self-signed-ca=false)' }),
  signingKey: flag.string({ flag: 'signing-key', description: 'plugged-in CA private key' }),
  rootCert: flag.string({ flag: 'root-cert', description: 'plugged-in root certificate handed to workloads' }),
  certChain: flag.string({ flag: 'cert-chain', description: 'plugged-in chain from the signing cert up to the root' }),
  tokenVerificationKey: flag.string({
    flag: 'token-verification-key',
    env: 'CITADEL_TOKEN_VERIFICATION_KEY',
    description: 'PEM public key (ES256/RS256) verifying service-account tokens; without it only mTLS renewal works',
  }),
};
