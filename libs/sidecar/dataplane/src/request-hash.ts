import type { IncomingMessage } from 'node:http';
import { cookieValue, type HashPolicy, requestHash, type RequestHash } from '@tsmesh/sidecar-resilience';
import type { HashPolicyConfig } from '@tsmesh/sidecar-xds-client';
import { connectionOf } from './peer-address';

const converted = new WeakMap<readonly HashPolicyConfig[], HashPolicy[]>();

function policiesOf(configs: readonly HashPolicyConfig[]): HashPolicy[] {
  let out = converted.get(configs);
  if (!out) {
    out = configs.flatMap((c): HashPolicy[] => {
      if (c.kind === 'header') return [{ kind: 'header', name: c.headerName }];
      if (c.kind === 'cookie') return [{ kind: 'cookie', name: c.cookieName, ttlSeconds: c.ttlMs === undefined ? undefined : Math.round(c.ttlMs / 1000), path: '/' }];
      if (c.kind === 'sourceIp') return [{ kind: 'source-ip' }];
      return [];
    });
    converted.set(configs, out);
  }
  return out;
}

/** The route's consistent-hash key for this request (header, cookie — generated when absent — or source IP). */
export function hashForRequest(configs: readonly HashPolicyConfig[], req: IncomingMessage): RequestHash {
  if (configs.length === 0) return { hash: undefined };
  return requestHash(policiesOf(configs), {
    header: (name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(',') : v;
    },
    cookie: (name) => cookieValue(req.headers.cookie, name),
    sourceIp: connectionOf(req).remoteAddress,
  });
}
