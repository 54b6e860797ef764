import { createPrivateKey } from 'node:crypto';
import { TokenInvalidError } from './errors';
import { signJwt } from './jwt';
import { generateTokenSigningKey, mintServiceAccountToken, SERVICE_ACCOUNT_ISSUER, verifyServiceAccountToken } from './service-account-token';

const es = generateTokenSigningKey('ES256');
const rs = generateTokenSigningKey('RS256');
const identity = { namespace: 'default', serviceAccount: 'bookinfo-ratings' };

describe('service-account tokens', () => {
  it.each([
    ['ES256', es],
    ['RS256', rs],
  ])('mints and verifies %s tokens', (alg, key) => {
    const token = mintServiceAccountToken({ signingKeyPem: key.privateKeyPem, ...identity, ttlSeconds: 600 });
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { alg: string };
    expect(header.alg).toBe(alg);
    const verified = verifyServiceAccountToken(token, { verificationKeyPem: key.publicKeyPem });
    expect(verified).toMatchObject(identity);
    expect(verified.expiresAt).toBeInstanceOf(Date);
  });

  it('accepts tokens without exp, like legacy secret-based tokens', () => {
    const token = mintServiceAccountToken({ signingKeyPem: es.privateKeyPem, ...identity });
    expect(verifyServiceAccountToken(token, { verificationKeyPem: es.publicKeyPem }).expiresAt).toBeUndefined();
  });

  it('rejects expired, forged, tampered and downgraded tokens', () => {
    const now = new Date('2020-01-01T00:00:00Z');
    const expired = mintServiceAccountToken({ signingKeyPem: es.privateKeyPem, ...identity, ttlSeconds: 60, now });
    expect(() => verifyServiceAccountToken(expired, { verificationKeyPem: es.publicKeyPem })).toThrow(/expired/);

    const forged = mintServiceAccountToken({ signingKeyPem: generateTokenSigningKey().privateKeyPem, ...identity });
    expect(() => verifyServiceAccountToken(forged, { verificationKeyPem: es.publicKeyPem })).toThrow(/signature does not verify/);

    const good = mintServiceAccountToken({ signingKeyPem: es.privateKeyPem, ...identity });
    const [header, , signature] = good.split('.');
    const claims = Buffer.from(JSON.stringify({ iss: SERVICE_ACCOUNT_ISSUER, 'kubernetes.io/serviceaccount/namespace': 'kube-system' })).toString(
      'base64url',
    );
    expect(() => verifyServiceAccountToken(`${header}.${claims}.${signature}`, { verificationKeyPem: es.publicKeyPem })).toThrow(
      TokenInvalidError,
    );

    const rsToken = mintServiceAccountToken({ signingKeyPem: rs.privateKeyPem, ...identity });
    expect(() => verifyServiceAccountToken(rsToken, { verificationKeyPem: es.publicKeyPem })).toThrow(/does not match the verification key/);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${good.split('.')[1]}.`;
    expect(() => verifyServiceAccountToken(none, { verificationKeyPem: es.publicKeyPem })).toThrow(/alg "none"/);
    expect(() => verifyServiceAccountToken('not-a-jwt', { verificationKeyPem: es.publicKeyPem })).toThrow(/compact JWS/);
  });

  it('checks issuer and identity claims', () => {
    const key = createPrivateKey(es.privateKeyPem);
    const sign = (claims: Record<string, unknown>) => signJwt(claims, key);
    const verify = (token: string) => () => verifyServiceAccountToken(token, { verificationKeyPem: es.publicKeyPem });
    const base = { 'kubernetes.io/serviceaccount/namespace': 'default', 'kubernetes.io/serviceaccount/service-account.name': 'x' };
    expect(verify(sign({ ...base, iss: 'https://accounts.google.com' }))).toThrow(/issuer/);
    expect(verify(sign({ iss: SERVICE_ACCOUNT_ISSUER, 'kubernetes.io/serviceaccount/namespace': 'default' }))).toThrow(/service-account.name/);
    expect(verify(sign({ ...base, iss: SERVICE_ACCOUNT_ISSUER, 'kubernetes.io/serviceaccount/namespace': 'Bad' }))).toThrow(/namespace/);
    expect(verify(sign({ ...base, iss: SERVICE_ACCOUNT_ISSUER, sub: 'system:serviceaccount:other:x' }))).toThrow(/sub does not match/);
    expect(verify(sign({ ...base, iss: SERVICE_ACCOUNT_ISSUER, exp: 'soon' }))).toThrow(/exp is not a number/);
    expect(verify(sign({ ...base, iss: SERVICE_ACCOUNT_ISSUER }))()).toEqual({ namespace: 'default', serviceAccount: 'x' });
  });
});
