import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { type DevCertificateNames, ensureDevCertificates } from './dev-certificates';

const NAMES: DevCertificateNames = { commonName: 'test dev CA', dnsNames: ['istio-galley.istio-system.svc', 'localhost'], ips: ['127.0.0.1'] };

describe('ensureDevCertificates', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'injector-certs-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('writes a CA and a serving certificate it signed, for the injector service and localhost', async () => {
    const files = await ensureDevCertificates(dir, NAMES);
    expect(files.generated).toBe(true);
    const ca = new X509Certificate(await readFile(files.caFile));
    const cert = new X509Certificate(await readFile(files.certFile));
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    for (const name of NAMES.dnsNames) expect(cert.checkHost(name)).toBe(name);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect((await stat(files.keyFile)).mode & 0o777).toBe(0o600);
  });

  it('reuses a valid set and replaces a broken one', async () => {
    const first = await ensureDevCertificates(dir, NAMES);
    const again = await ensureDevCertificates(dir, NAMES);
    expect(again.generated).toBe(false);
    expect(again.cert).toBe(first.cert);
    await rm(first.certFile);
    const replaced = await ensureDevCertificates(dir, NAMES);
    expect(replaced.generated).toBe(true);
    expect(replaced.cert).not.toBe(first.cert);
  });

  it('replaces a set that is about to expire', async () => {
    const first = await ensureDevCertificates(dir, NAMES);
    const nearExpiry = new Date(Date.now() + 365 * 24 * 3600 * 1000 - 3600 * 1000);
    const renewed = await ensureDevCertificates(dir, NAMES, nearExpiry);
    expect(renewed.generated).toBe(true);
    expect(renewed.cert).not.toBe(first.cert);
  });
});
