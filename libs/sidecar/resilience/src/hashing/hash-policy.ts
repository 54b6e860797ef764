import { randomBytes } from 'node:crypto';
import { murmur3 } from './murmur3';

/** Envoy's route hash_policy entries that Istio 1.2 generates from consistentHash. */
export type HashPolicy =
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'cookie'; readonly name: string; readonly path?: string; readonly ttlSeconds?: number }
  | { readonly kind: 'source-ip' };

export interface HashInputs {
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
  readonly sourceIp: string | undefined;
}

export interface RequestHash {
  readonly hash: number | undefined;
  /** A `Set-Cookie` value to add to the response: Envoy sets the cookie when it was absent and a ttl is given. */
  readonly setCookie?: string;
}

/**
 * The request's hash from the first policy that yields one, as Envoy computes it. A cookie
 * policy with a ttl and no cookie on the request generates one, so the client sticks from
 * its next request on.
 */
export function requestHash(policies: readonly HashPolicy[], inputs: HashInputs): RequestHash {
  for (const policy of policies) {
    switch (policy.kind) {
      case 'header': {
        const value = inputs.header(policy.name.toLowerCase());
        if (value !== undefined) return { hash: murmur3(value) };
        break;
      }
      case 'source-ip':
        if (inputs.sourceIp) return { hash: murmur3(inputs.sourceIp) };
        break;
      case 'cookie': {
        const value = inputs.cookie(policy.name);
        if (value !== undefined) return { hash: murmur3(value) };
        if (policy.ttlSeconds !== undefined) {
          const generated = randomBytes(8).toString('hex');
          const attrs = [`${policy.name}=${generated}`, `Max-Age=${policy.ttlSeconds}`];
          if (policy.path) attrs.push(`Path=${policy.path}`);
          attrs.push('HttpOnly');
          return { hash: murmur3(generated), setCookie: attrs.join('; ') };
        }
        break;
      }
    }
  }
  return { hash: undefined };
}

/** Reads one cookie from a Cookie header without building a map for every request. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
