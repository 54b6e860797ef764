import { createCsr, parseAndVerifyCsr } from './csr';
import { CertificateFormatError } from './errors';
import { generateKeyPair } from './key-pair';
import { openssl } from './test-openssl';

const SPIFFE = 'spiffe://cluster.local/ns/default/sa/reviews';

describe('CSRs', () => {
  it('builds a CSR with the SPIFFE URI SAN that openssl verifies', async () => {
    const pem = await createCsr({ keys: await generateKeyPair(), uris: [SPIFFE] });
    const result = await openssl(['req', '-verify', '-noout', '-text', '-in', 'csr.pem'], { 'csr.pem': pem });
    expect(result.ok).toBe(true);
    expect(result.output).toContain(`URI:${SPIFFE}`);
  });

  it('reads CSRs made by openssl', async () => {
    const made = await openssl(
      ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', '/dev/null', '-subj', '/O=example', '-addext', `subjectAltName=URI:${SPIFFE}`],
      {},
    );
    expect(made.ok).toBe(true);
    const csr = await parseAndVerifyCsr(made.output);
    expect(csr).toMatchObject({ uris: [SPIFFE], dnsNames: [], subject: 'O=example' });
  });

  it('rejects garbage, a missing block, and a tampered signature', async () => {
    await expect(parseAndVerifyCsr('hello')).rejects.toThrow(CertificateFormatError);
    await expect(parseAndVerifyCsr('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n')).rejects.toThrow(
      /malformed DER/,
    );
    const pem = await createCsr({ keys: await generateKeyPair(), uris: [SPIFFE] });
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(parseAndVerifyCsr(tampered)).rejects.toThrow(/signature does not verify|malformed/);
  });
});
