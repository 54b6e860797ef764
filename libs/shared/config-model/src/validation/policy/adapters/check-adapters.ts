import { bool, field, list, num, obj, str, strings } from '../../schema/access';
import { t } from '../../schema/shape';
import { noRules, positiveDuration, type AdapterParams } from './adapter-schema';

// Adapters behind Check: denier, listchecker (mixer/adapter/list), opa and the deprecated rbac.

export const denier: AdapterParams = {
  fields: { status: t.message(() => ({ code: t.int, message: t.string, details: t.list(t.any) })), validDuration: t.duration, validUseCount: t.int },
  rules: (params, base, sink) => {
    const code = num(obj(params, 'status'), 'code');
    if (code < 0 || code > 16) sink.error(`${base}.status.code`, `invalid google.rpc.Code ${code}, expected 0..16`);
    if (num(params, 'validUseCount') < 0) sink.error(`${base}.validUseCount`, 'must be >= 0');
  },
};

const ENTRY_TYPES = ['STRINGS', 'CASE_INSENSITIVE_STRINGS', 'IP_ADDRESSES', 'REGEX'];

export const listchecker: AdapterParams = {
  fields: {
    providerUrl: t.string, refreshInterval: t.duration, ttl: t.duration, cachingInterval: t.duration, cachingUseCount: t.int,
    overrides: t.strings, entryType: t.enumOf(ENTRY_TYPES), blacklist: t.bool,
  },
  rules: (params, base, sink) => {
    const url = str(params, 'providerUrl');
    if (url) {
      if (!/^https?:\/\/[^/]+/.test(url)) sink.error(`${base}.providerUrl`, `invalid provider URL "${url}"`);
      positiveDuration(params, 'refreshInterval', `${base}.refreshInterval`, sink);
      positiveDuration(params, 'ttl', `${base}.ttl`, sink);
    }
    const type = field(params, 'entryType');
    list(params, 'overrides').forEach((o, i) => {
      if (typeof o !== 'string') return;
      const path = `${base}.overrides[${i}]`;
      if ((type === 'IP_ADDRESSES' || type === 2) && !isIpOrCidr(o)) sink.error(path, `"${o}" is not an IP address or CIDR`);
      if (type === 'REGEX' || type === 3) {
        try {
          new RegExp(o);
        } catch {
          sink.error(path, `"${o}" is not a valid regular expression`);
        }
      }
    });
  },
};

function isIpOrCidr(s: string): boolean {
  const [ip = '', bits, extra] = s.split('/');
  if (extra !== undefined) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  const isV4 = v4 !== null && v4.slice(1).every((p) => Number(p) <= 255);
  const isV6 = !isV4 && ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip);
  if (!isV4 && !isV6) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isV4 ? 32 : 128));
}

/**
 * Open Policy Agent: Rego modules and the rule to query. With failClose the adapter keeps its
 * config errors to deny every request instead of refusing the handler, so only then are they allowed.
 */
export const opa: AdapterParams = {
  fields: { policy: t.strings, checkMethod: t.string, failClose: t.bool },
  rules: (params, base, sink) => {
    if (bool(params, 'failClose')) return;
    if (!str(params, 'checkMethod')) sink.error(`${base}.checkMethod`, 'check method is not configured');
    const policies = strings(params, 'policy');
    if (policies.length === 0) sink.error(`${base}.policy`, 'policies are not configured');
    policies.forEach((p, i) => {
      if (!/^\s*package\s+\S/m.test(p)) sink.error(`${base}.policy[${i}]`, 'a Rego module must start with a package declaration');
    });
  },
};

/** Mixer's RBAC adapter (deprecated in 1.2 by Envoy's native RBAC): reads ServiceRoles from the config store. */
export const rbac: AdapterParams = {
  fields: { configStoreUrl: t.string, cacheDuration: t.duration },
  rules: noRules,
};
