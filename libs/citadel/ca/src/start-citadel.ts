import { join } from 'node:path';
import type { Meter } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { ConfigError } from '@tsmesh/shared-errors';
import { type KeyAlgorithm, tryParseSpiffeId } from '@tsmesh/shared-certificates';
import { ROOT_CERT_FILE } from './ca-files';
import type { CertificateAuthority } from './certificate-authority';
import { type CitadelServer, readTokenVerificationKey, startCitadelServer } from './citadel-server';
import { loadCertificateAuthority } from './load-ca';
import type { PluggedInCaFiles } from './plugged-in-ca';

/** Everything `apps/citadel` configures, already parsed (durations in ms). */
export interface CitadelOptions {
  readonly host: string;
  readonly grpcPort: number;
  readonly rootDir: string;
  readonly trustDomain: string;
  readonly workloadCertTtlMs: number;
  readonly maxWorkloadCertTtlMs: number;
  readonly selfSignedCa: boolean;
  readonly selfSignedCaCertTtlMs: number;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly pluggedIn: Partial<PluggedInCaFiles>;
  readonly tokenVerificationKeyFile?: string;
  readonly log: Logger;
  readonly meter: Meter;
}

export interface RunningCitadel {
  readonly ca: CertificateAuthority;
  readonly server: CitadelServer;
  /** Where workloads find the root to trust Citadel with. */
  readonly rootCertFile: string;
}

/** Loads the CA and serves it: the whole of Citadel behind `runComponent`. */
export async function startCitadel(options: CitadelOptions): Promise<RunningCitadel> {
  if (!tryParseSpiffeId(`spiffe://${options.trustDomain}/ns/istio-system/sa/citadel`)) {
    throw new ConfigError(`"${options.trustDomain}" must be 1-255 chars of [a-z0-9._-]`, { field: '--trust-domain' });
  }
  const tokenVerificationKeyPem = options.tokenVerificationKeyFile
    ? await readTokenVerificationKey(options.tokenVerificationKeyFile)
    : undefined;
  const ca = await loadCertificateAuthority({
    rootDir: options.rootDir,
    trustDomain: options.trustDomain,
    selfSignedCa: options.selfSignedCa,
    selfSignedRootTtlMs: options.selfSignedCaCertTtlMs,
    keyAlgorithm: options.keyAlgorithm,
    pluggedIn: options.pluggedIn,
    workloadCertTtlMs: options.workloadCertTtlMs,
    maxWorkloadCertTtlMs: options.maxWorkloadCertTtlMs,
    log: options.log,
  });
  const server = await startCitadelServer({
    host: options.host,
    port: options.grpcPort,
    ca,
    log: options.log,
    meter: options.meter,
    ...(tokenVerificationKeyPem ? { tokenVerificationKeyPem } : {}),
  });
  return { ca, server, rootCertFile: join(options.rootDir, ROOT_CERT_FILE) };
}
