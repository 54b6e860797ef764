import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { DEV_CERT_DNS_NAMES, ensureDevCertificates } from './dev-certificates';

describe('ensureDevCertificates', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'injector-certs-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('writes a CA and a serving certificate it signed, for the injector service and localhost', async () => {
    const files = await ensureDevCertificates(dir);
    expect(files.generated).toBe(true);
    const ca = new X509Certificate(await readFile(files.caFile));
    const cert = new X509Certificate(await readFile(files.certFile));
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    for (const name of DEV_CERT_DNS_NAMES) expect(cert.checkHost(name)).toBe(name);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect((await stat(files.keyFile)).mode & 0o777).toBe(0o600);
  });

  it('reuses a valid set and replaces a broken one', async () => {
    const first = await ensureDevCertificates(dir);
    const again = await ensureDevCertificates(dir);
    expect(again.generated).toBe(false);
    expect(again.cert).toBe(first.cert);
    await rm(first.certFile);
    const replaced = await ensureDevCertificates(dir);
    expect(replaced.generated).toBe(true);
    expect(replaced.cert).not.toBe(first.cert);
  });

  it('replaces a set that is about to expire', async () => {
    const first = await ensureDevCertificates(dir);
    const nearExpiry = new Date(Date.now() + 365 * 24 * 3600 * 1000 - 3600 * 1000);
    const renewed = await ensureDevCertificates(dir, nearExpiry);
    expect(renewed.generated).toBe(true);
    expect(renewed.cert).not.toBe(first.cert);
  });
});
