import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { TokenInvalidError } from './errors';

/** The two JWS algorithms Kubernetes uses for service-account tokens. */
export type JwtAlgorithm = 'ES256' | 'RS256';

export type JwtClaims = Record<string, unknown>;

/** Signs claims as a compact JWS; the algorithm follows from the key (P-256 => ES256, RSA => RS256). */
export function signJwt(claims: JwtClaims, privateKeyPem: string | KeyObject): string {
  const key = typeof privateKeyPem === 'string' ? createPrivateKey(privateKeyPem) : privateKeyPem;
  const alg = algorithmForKey(key);
  const signingInput = `${encodeSegment({ alg, typ: 'JWT' })}.${encodeSegment(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * Verifies a compact JWS and returns its claims. The algorithm is dictated by the verification
 * key, never by the token header, so `none`/HS256 downgrade tricks are rejected.
 */
export function verifyJwt(token: string, verificationKeyPem: string | KeyObject): JwtClaims {
  const key = typeof verificationKeyPem === 'string' ? createPublicKey(verificationKeyPem) : verificationKeyPem;
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenInvalidError('token is not a compact JWS (expected 3 dot-separated parts)');
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeSegment(headerPart, 'header');
  const expected = algorithmForKey(key);
  if (header['alg'] !== expected) {
    throw new TokenInvalidError(`token alg ${JSON.stringify(header['alg'])} does not match the verification key (${expected})`);
  }
  const valid = verify(
    'sha256',
    Buffer.from(`${headerPart}.${claimsPart}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!valid) throw new TokenInvalidError('token signature does not verify');
  return decodeSegment(claimsPart, 'claims');
}

export function algorithmForKey(key: KeyObject): JwtAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new TokenInvalidError(`unsupported token key type ${key.asymmetricKeyType ?? 'unknown'} (ES256 or RS256 only)`);
}

function encodeSegment(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeSegment(segment: string, what: string): JwtClaims {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new TokenInvalidError(`token ${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenInvalidError(`token ${what} is not a JSON object`);
  }
  return value as JwtClaims;
}
