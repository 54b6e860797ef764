import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { generateTokenSigningKey, mintServiceAccountToken } from '@tsmesh/shared-certificates';
import { cleanup, freePort, type HarnessProcess, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { CERT_CHAIN_FILE, KEY_FILE, ROOT_CERT_FILE } from './cert-files';
import type { IdentityMaterial } from './identity-material';
import { startCitadelProcess } from './test-citadel-process';
import { startWorkloadIdentity, type WorkloadIdentity, type WorkloadIdentityOptions } from './workload-identity';

jest.setTimeout(60_000);
const run = promisify(execFile);
const ME = 'spiffe://cluster.local/ns/default/sa/ratings';
// Real but fast: 6 s certificates, renewed at 50% of life (3 s of slack even on a loaded machine);
// Istio's 10 min minimum grace scaled down.
const CERT_TTL = '6s';
const CERT_TTL_MS = 6_000;
const RENEWAL = { graceRatio: 0.5, minGraceMs: 500 };

function nextRotation(identity: WorkloadIdentity, timeoutMs: number): Promise<IdentityMaterial> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no rotation within ${timeoutMs}ms`)), timeoutMs);
    const unsubscribe = identity.onRotate((material) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(material);
    });
  });
}

describe('workload identity against a real Citadel process', () => {
  const tokenKey = generateTokenSigningKey();
  const validToken = mintServiceAccountToken({ signingKeyPem: tokenKey.privateKeyPem, namespace: 'default', serviceAccount: 'ratings' });
  let dir: string;
  const harness = new ProcessHarness();
  let citadel: HarnessProcess | undefined;
  let identity: WorkloadIdentity | undefined;
  let logLines: string[];
  let options: WorkloadIdentityOptions;
  let port: number;

  const startCitadel = async (ttl = CERT_TTL) =>
    (citadel = await startCitadelProcess(harness, { port, rootDir: join(dir, 'citadel'), tokenKeyFile: join(dir, 'token-key.pem'), ttl }));

  beforeEach(async () => {
    dir = await makeTempDir('tsmesh-identity-');
    port = await freePort();
    await writeFile(join(dir, 'token-key.pem'), tokenKey.publicKeyPem);
    await writeFile(join(dir, 'token'), validToken);
    logLines = [];
    options = {
      citadelAddress: `127.0.0.1:${port}`,
      rootCertFile: join(dir, 'citadel', 'root-cert.pem'),
      tokenFile: join(dir, 'token'),
      trustDomain: 'cluster.local',
      namespace: 'default',
      serviceAccount: 'ratings',
      certsDir: join(dir, 'certs'),
      log: pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) }),
      renewal: RENEWAL,
      retry: { initialMs: 100, maxMs: 400 },
      requestTimeoutMs: 5_000,
    };
  });

  afterEach(async () => {
    identity?.stop();
    identity = undefined;
    await harness.stopAll();
    citadel = undefined;
    await cleanup();
  });

  it('waits for Citadel, then writes cert-chain.pem, a 0600 key.pem and root-cert.pem', async () => {
    const starting = startWorkloadIdentity(options);
    await waitFor(() => logLines.join('').includes('certificate request failed'), { what: 'a failed attempt while Citadel is down' });
    await startCitadel();
    identity = await starting;

    const certs = options.certsDir;
    expect((await stat(join(certs, KEY_FILE))).mode & 0o777).toBe(0o600);
    const current = identity.current();
    expect(await readFile(join(certs, CERT_CHAIN_FILE), 'utf8')).toBe(current.certChainPem);
    expect(await readFile(join(certs, KEY_FILE), 'utf8')).toBe(current.keyPem);
    expect(await readFile(join(certs, ROOT_CERT_FILE), 'utf8')).toBe(await readFile(options.rootCertFile, 'utf8'));
    expect(current.spiffeId).toBe(ME);
    expect(current.notAfter.getTime() - current.notBefore.getTime()).toBe(CERT_TTL_MS);

    const san = await run('openssl', ['x509', '-noout', '-ext', 'subjectAltName', '-in', join(certs, CERT_CHAIN_FILE)]);
    expect(san.stdout).toContain(`URI:${ME}`);
    const verify = await run('openssl', ['verify', '-CAfile', join(certs, ROOT_CERT_FILE), join(certs, CERT_CHAIN_FILE)]);
    expect(verify.stdout).toContain(': OK');
  });

  it('rotates over mTLS at the renewal time and keeps the last good certificate while Citadel is down', async () => {
    await startCitadel();
    identity = await startWorkloadIdentity(options);
    const first = identity.current();
    expect(identity.nextRenewalAt().getTime()).toBe(first.notAfter.getTime() - CERT_TTL_MS / 2);

    // With the token spoiled, only the current certificate can authenticate the renewal.
    await writeFile(options.tokenFile, 'not-a-token');
    const rotated = await nextRotation(identity, 10_000);
    expect(rotated.serialNumber).not.toBe(first.serialNumber);
    expect(rotated.keyPem).not.toBe(first.keyPem);
    expect(await readFile(join(options.certsDir, CERT_CHAIN_FILE), 'utf8')).toBe(rotated.certChainPem);

    await citadel?.stop();
    citadel = undefined;
    await waitFor(() => /TSM_PEER_UNAVAILABLE.*certificate request failed/.test(logLines.join('')), {
      timeoutMs: 10_000,
      what: 'a failed renewal while Citadel is down',
    });
    expect(identity.current().serialNumber).toBe(rotated.serialNumber);
    expect(await readFile(join(options.certsDir, CERT_CHAIN_FILE), 'utf8')).toBe(rotated.certChainPem);

    // Back with a usable token (the certificate may have expired meanwhile): rotation resumes.
    await writeFile(options.tokenFile, validToken);
    const back = nextRotation(identity, 15_000);
    await startCitadel();
    expect((await back).serialNumber).not.toBe(rotated.serialNumber);
  });

  it('reuses a valid certificate left on disk by a previous run, without a token', async () => {
    await startCitadel('1h');
    const previous = await startWorkloadIdentity(options);
    const serial = previous.current().serialNumber;
    previous.stop();
    await writeFile(options.tokenFile, 'not-a-token');
    identity = await startWorkloadIdentity(options);
    expect(identity.current().serialNumber).toBe(serial);
    expect(logLines.join('')).toContain('reusing the workload certificate found on disk');
  });

  it('never installs a certificate Citadel refuses to issue for this identity', async () => {
    await startCitadel();
    await writeFile(
      options.tokenFile,
      mintServiceAccountToken({ signingKeyPem: tokenKey.privateKeyPem, namespace: 'default', serviceAccount: 'reviews' }),
    );
    await expect(startWorkloadIdentity({ ...options, signal: AbortSignal.timeout(3_000) })).rejects.toThrow();
    expect(logLines.join('')).toContain('PERMISSION_DENIED');
    await expect(stat(join(options.certsDir, KEY_FILE))).rejects.toThrow(/ENOENT/);
  });
});
