import { Metadata } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import { UnauthenticatedError } from '@tsmesh/shared-errors';
import {
  createSelfSignedCa,
  generateKeyPair,
  generateTokenSigningKey,
  issueLeafCertificate,
  mintServiceAccountToken,
  x509,
} from '@tsmesh/shared-certificates';
import { authenticateCaller } from './authenticate-caller';
import type { CallCredentials } from './authenticator';
import { createMtlsAuthenticator } from './mtls-authenticator';
import { createTokenAuthenticator } from './token-authenticator';

const ME = 'spiffe://cluster.local/ns/default/sa/reviews';
const tokenKey = generateTokenSigningKey();

function call(options: { cert?: x509.X509Certificate; authorization?: string } = {}): CallCredentials {
  const metadata = new Metadata();
  if (options.authorization) metadata.set('authorization', options.authorization);
  // Without a client certificate Node reports an empty object, which is what grpc-js passes on.
  const peer = (options.cert ? { raw: Buffer.from(options.cert.rawData) } : {}) as PeerCertificate;
  return { metadata, getAuthContext: () => ({ transportSecurityType: 'ssl', sslPeerCertificate: peer }) };
}

async function setup() {
  const root = await createSelfSignedCa({ organization: 'cluster.local' });
  const keys = await generateKeyPair();
  const workload = await issueLeafCertificate({ publicKey: keys.publicKey, uris: [ME], dnsNames: [] }, { issuer: root, ttlMs: 3_600_000 });
  const mtls = createMtlsAuthenticator({ intermediatePems: [], rootPem: root.certPem });
  const token = createTokenAuthenticator({ verificationKeyPem: tokenKey.publicKeyPem, trustDomain: 'cluster.local' });
  return { root, workload, mtls, token, keys };
}

describe('authenticators', () => {
  it('identifies a renewing workload by its client certificate', async () => {
    const { workload, mtls, token } = await setup();
    await expect(authenticateCaller(call({ cert: workload }), [mtls, token])).resolves.toEqual({ identities: [ME], authenticatedBy: 'mtls' });
  });

  it('rejects client certificates from another CA, expired ones and CA certificates', async () => {
    const { mtls, keys, root } = await setup();
    const other = await createSelfSignedCa({ organization: 'cluster.local' });
    const foreign = await issueLeafCertificate({ publicKey: keys.publicKey, uris: [ME], dnsNames: [] }, { issuer: other, ttlMs: 3_600_000 });
    await expect(mtls.authenticate(call({ cert: foreign }))).rejects.toThrow(/client certificate rejected: no trusted issuer/);
    const later = createMtlsAuthenticator({ intermediatePems: [], rootPem: root.certPem, now: () => new Date(Date.now() + 7_200_000) });
    const workload = await issueLeafCertificate({ publicKey: keys.publicKey, uris: [ME], dnsNames: [] }, { issuer: root, ttlMs: 3_600_000 });
    await expect(later.authenticate(call({ cert: workload }))).rejects.toThrow(/expired/);
    await expect(mtls.authenticate(call({ cert: root.certificate }))).rejects.toThrow(/CA certificate/);
    const noSpiffe = await issueLeafCertificate({ publicKey: keys.publicKey, uris: [], dnsNames: ['x'] }, { issuer: root, ttlMs: 3_600_000 });
    await expect(mtls.authenticate(call({ cert: noSpiffe }))).rejects.toThrow(/no SPIFFE URI SAN/);
  });

  it('identifies a first-time workload by its service-account token', async () => {
    const { mtls, token } = await setup();
    const jwt = mintServiceAccountToken({ signingKeyPem: tokenKey.privateKeyPem, namespace: 'default', serviceAccount: 'reviews' });
    await expect(authenticateCaller(call({ authorization: `Bearer ${jwt}` }), [mtls, token])).resolves.toEqual({
      identities: [ME],
      authenticatedBy: 'service-account-token',
    });
  });

  it('falls back to the token when the certificate is bad, and reports every reason when all fail', async () => {
    const { mtls, token, keys } = await setup();
    const other = await createSelfSignedCa({ organization: 'cluster.local' });
    const foreign = await issueLeafCertificate({ publicKey: keys.publicKey, uris: [ME], dnsNames: [] }, { issuer: other, ttlMs: 3_600_000 });
    const jwt = mintServiceAccountToken({ signingKeyPem: tokenKey.privateKeyPem, namespace: 'default', serviceAccount: 'reviews' });
    await expect(authenticateCaller(call({ cert: foreign, authorization: `Bearer ${jwt}` }), [mtls, token])).resolves.toMatchObject({
      authenticatedBy: 'service-account-token',
    });
    const forged = mintServiceAccountToken({ signingKeyPem: generateTokenSigningKey().privateKeyPem, namespace: 'default', serviceAccount: 'x' });
    const failure = authenticateCaller(call({ cert: foreign, authorization: `Bearer ${forged}` }), [mtls, token]);
    await expect(failure).rejects.toThrow(UnauthenticatedError);
    await expect(failure).rejects.toThrow(/client certificate rejected.*; service-account token rejected: token signature does not verify/);
  });

  it('says what is missing', async () => {
    const { mtls, token } = await setup();
    await expect(authenticateCaller(call(), [mtls, token])).rejects.toThrow(/no credential/);
    await expect(authenticateCaller(call({ authorization: 'Basic abc' }), [mtls, token])).rejects.toThrow(/Bearer <token>/);
    await expect(authenticateCaller(call({ authorization: 'Bearer x.y.z' }), [mtls])).rejects.toThrow(/no --token-verification-key/);
  });
});
