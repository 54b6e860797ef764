import { generateKeyPairSync } from 'node:crypto';
import { TokenInvalidError } from './errors';
import { type JwtAlgorithm, signJwt, verifyJwt } from './jwt';
import { isDnsLabel, isDnsSubdomain } from './spiffe';

// Claim names of a (legacy, secret-based) Kubernetes service-account token, which is what
// Istio 1.2 workloads present to Citadel.
export const SERVICE_ACCOUNT_ISSUER = 'kubernetes/serviceaccount';
const NAMESPACE_CLAIM = 'kubernetes.io/serviceaccount/namespace';
const SERVICE_ACCOUNT_CLAIM = 'kubernetes.io/serviceaccount/service-account.name';
const SECRET_NAME_CLAIM = 'kubernetes.io/serviceaccount/secret.name';

export interface ServiceAccountIdentity {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** From `exp`; legacy tokens have none and never expire. */
  readonly expiresAt?: Date;
}

export interface MintServiceAccountTokenOptions {
  /** PEM private key (P-256 => ES256, RSA => RS256) standing in for the API server's signing key. */
  readonly signingKeyPem: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Sets `exp`; omit for a non-expiring legacy-style token. */
  readonly ttlSeconds?: number;
  readonly now?: Date;
}

/** Mints a token shaped like a Kubernetes service-account JWT (the local mesh's API server). */
export function mintServiceAccountToken(options: MintServiceAccountTokenOptions): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return signJwt(
    {
      iss: SERVICE_ACCOUNT_ISSUER,
      sub: `system:serviceaccount:${options.namespace}:${options.serviceAccount}`,
      iat,
      ...(options.ttlSeconds === undefined ? {} : { exp: iat + options.ttlSeconds }),
      [NAMESPACE_CLAIM]: options.namespace,
      [SERVICE_ACCOUNT_CLAIM]: options.serviceAccount,
      [SECRET_NAME_CLAIM]: `${options.serviceAccount}-token`,
    },
    options.signingKeyPem,
  );
}

/** Verifies signature, issuer, expiry and the namespace/service-account claims. */
export function verifyServiceAccountToken(
  token: string,
  options: { readonly verificationKeyPem: string; readonly now?: Date },
): ServiceAccountIdentity {
  const claims = verifyJwt(token, options.verificationKeyPem);
  const now = (options.now ?? new Date()).getTime() / 1000;
  if (claims['iss'] !== SERVICE_ACCOUNT_ISSUER) {
    throw new TokenInvalidError(`token issuer ${JSON.stringify(claims['iss'])} is not "${SERVICE_ACCOUNT_ISSUER}"`);
  }
  const exp = optionalNumber(claims, 'exp');
  if (exp !== undefined && now >= exp) throw new TokenInvalidError(`token expired at ${new Date(exp * 1000).toISOString()}`);
  const nbf = optionalNumber(claims, 'nbf');
  if (nbf !== undefined && now < nbf) throw new TokenInvalidError('token is not valid yet (nbf)');
  const namespace = claims[NAMESPACE_CLAIM];
  const serviceAccount = claims[SERVICE_ACCOUNT_CLAIM];
  if (typeof namespace !== 'string' || !isDnsLabel(namespace)) throw new TokenInvalidError(`token claim ${NAMESPACE_CLAIM} is missing or invalid`);
  if (typeof serviceAccount !== 'string' || !isDnsSubdomain(serviceAccount)) {
    throw new TokenInvalidError(`token claim ${SERVICE_ACCOUNT_CLAIM} is missing or invalid`);
  }
  const sub = claims['sub'];
  if (sub !== undefined && sub !== `system:serviceaccount:${namespace}:${serviceAccount}`) {
    throw new TokenInvalidError('token sub does not match its namespace and service-account claims');
  }
  return { namespace, serviceAccount, ...(exp === undefined ? {} : { expiresAt: new Date(exp * 1000) }) };
}

/** A fresh token signing key pair as PEM (PKCS#8 private, SPKI public). */
export function generateTokenSigningKey(algorithm: JwtAlgorithm = 'ES256'): { privateKeyPem: string; publicKeyPem: string } {
  if (algorithm === 'ES256') {
    const pair = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
  }
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
}

function optionalNumber(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TokenInvalidError(`token claim ${name} is not a number`);
  return value;
}
