import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateTokenSigningKey, mintServiceAccountToken } from '@tsmesh/shared-certificates';
import type { Workload } from './workloads';

/**
 * Plays the Kubernetes API server's part for the local mesh: one signing key, and a
 * service-account token per workload that the sidecar presents to citadel.
 */
export async function prepareTokens(stateDir: string, workloads: readonly Workload[]): Promise<{ verificationKeyFile: string; tokenFiles: Map<string, string> }> {
  const dir = join(stateDir, 'tokens');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = generateTokenSigningKey('ES256');
  const verificationKeyFile = join(dir, 'sa-verification-key.pem');
  await writeFile(verificationKeyFile, key.publicKeyPem);
  const tokenFiles = new Map<string, string>();
  for (const w of workloads) {
    const file = join(dir, `${w.name}.jwt`);
    await writeFile(file, mintServiceAccountToken({ signingKeyPem: key.privateKeyPem, namespace: w.namespace, serviceAccount: w.serviceAccount }), { mode: 0o600 });
    await chmod(file, 0o600);
    tokenFiles.set(w.name, file);
  }
  return { verificationKeyFile, tokenFiles };
}
