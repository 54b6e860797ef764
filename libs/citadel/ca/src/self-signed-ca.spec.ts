import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@tsmesh/shared-errors';
import { createSelfSignedCa } from '@tsmesh/shared-certificates';
import { CA_CERT_FILE, CA_KEY_FILE, ROOT_CERT_FILE } from './ca-files';
import { loadCertificateAuthority } from './load-ca';
import { loadOrCreateSelfSignedCa } from './self-signed-ca';
import { silentLog, tempDir } from './test-support';

const HOUR = 3_600_000;

describe('self-signed root persistence (istio-ca-secret on disk)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => (dir = await tempDir('self-signed')));
  afterEach(() => dir.cleanup());

  it('creates ca-cert.pem and a 0600 ca-key.pem, then reuses them', async () => {
    const root = join(dir.path, 'citadel');
    const first = await loadOrCreateSelfSignedCa({ rootDir: root, trustDomain: 'cluster.local', log: silentLog });
    expect((await stat(join(root, CA_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(join(root, CA_CERT_FILE))).mode & 0o777).toBe(0o644);
    expect(await readFile(join(root, CA_CERT_FILE), 'utf8')).toBe(first.rootPem);
    const second = await loadOrCreateSelfSignedCa({ rootDir: root, trustDomain: 'cluster.local', log: silentLog });
    expect(second.rootPem).toBe(first.rootPem);
    expect(first.signingCertificate.subject).toBe('O=cluster.local');
    expect(first.intermediatePems).toEqual([]);
  });

  it('refuses half a pair, a corrupt key and an expired root', async () => {
    await loadOrCreateSelfSignedCa({ rootDir: dir.path, trustDomain: 'cluster.local', log: silentLog });
    await rm(join(dir.path, CA_KEY_FILE));
    await expect(loadOrCreateSelfSignedCa({ rootDir: dir.path, trustDomain: 'cluster.local', log: silentLog })).rejects.toThrow(
      /found ca-cert.pem without its pair/,
    );
    await writeFile(join(dir.path, CA_KEY_FILE), 'not a key');
    await expect(loadOrCreateSelfSignedCa({ rootDir: dir.path, trustDomain: 'cluster.local', log: silentLog })).rejects.toThrow(ConfigError);

    const old = await createSelfSignedCa({ organization: 'cluster.local', ttlMs: HOUR, now: new Date(Date.now() - 2 * HOUR) });
    await writeFile(join(dir.path, CA_CERT_FILE), old.certPem);
    await writeFile(join(dir.path, CA_KEY_FILE), old.keyPem);
    await expect(loadOrCreateSelfSignedCa({ rootDir: dir.path, trustDomain: 'cluster.local', log: silentLog })).rejects.toThrow(/expired/);
  });

  it('refuses a key that does not match the certificate', async () => {
    const a = await createSelfSignedCa({ organization: 'cluster.local' });
    const b = await createSelfSignedCa({ organization: 'cluster.local' });
    await writeFile(join(dir.path, CA_CERT_FILE), a.certPem);
    await writeFile(join(dir.path, CA_KEY_FILE), b.keyPem);
    await expect(loadOrCreateSelfSignedCa({ rootDir: dir.path, trustDomain: 'cluster.local', log: silentLog })).rejects.toThrow(
      /signing key does not match/,
    );
  });
});

describe('loadCertificateAuthority', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => (dir = await tempDir('load-ca')));
  afterEach(() => dir.cleanup());
  const base = () => ({ rootDir: dir.path, trustDomain: 'cluster.local', workloadCertTtlMs: HOUR, maxWorkloadCertTtlMs: 2 * HOUR, log: silentLog });

  it('publishes root-cert.pem for workloads', async () => {
    const ca = await loadCertificateAuthority({ ...base(), selfSignedCa: true });
    expect(await readFile(join(dir.path, ROOT_CERT_FILE), 'utf8')).toBe(ca.rootPem);
    expect(ca.trustDomain).toBe('cluster.local');
  });

  it('rejects contradictory flags', async () => {
    await expect(loadCertificateAuthority({ ...base(), selfSignedCa: true, pluggedIn: { signingCertFile: '/x' } })).rejects.toThrow(
      /--self-signed-ca=false/,
    );
    await expect(loadCertificateAuthority({ ...base(), selfSignedCa: false })).rejects.toMatchObject({ field: '--signing-cert' });
    await expect(loadCertificateAuthority({ ...base(), selfSignedCa: true, workloadCertTtlMs: 3 * HOUR })).rejects.toMatchObject({
      field: '--workload-cert-ttl',
    });
  });
});
