import type { HeaderMatch, RouteConfig, RouteEntry, VirtualHostConfig } from '@tsmesh/sidecar-xds-client';
import type { HttpFilterContext } from '../filter';

/**
 * A route config precomputed for lookup: exact domains in a map, then suffix wildcards
 * (longest first), prefix wildcards (longest first), then `*` — Envoy's order.
 */
export class RouteTable {
  private readonly exact = new Map<string, VirtualHostConfig>();
  private readonly suffixes: { suffix: string; vh: VirtualHostConfig }[] = [];
  private readonly prefixes: { prefix: string; vh: VirtualHostConfig }[] = [];
  private readonly fallback?: VirtualHostConfig;

  constructor(readonly config: RouteConfig) {
    let fallback: VirtualHostConfig | undefined;
    for (const vh of config.virtualHosts) {
      for (const d of vh.domains) {
        if (d === '*') fallback = vh;
        else if (d.startsWith('*')) this.suffixes.push({ suffix: d.slice(1), vh });
        else if (d.endsWith('*')) this.prefixes.push({ prefix: d.slice(0, -1), vh });
        else this.exact.set(d, vh);
      }
    }
    this.fallback = fallback;
    this.suffixes.sort((a, b) => b.suffix.length - a.suffix.length);
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  virtualHost(authority: string): VirtualHostConfig | undefined {
    const host = authority.toLowerCase();
    const hit = this.lookup(host);
    if (hit) return hit;
    // Envoy retries without the port when the host carries one (ignore_port_in_host_matching-like for sidecars).
    const colon = host.lastIndexOf(':');
    if (colon > 0 && !host.endsWith(']')) return this.lookup(host.slice(0, colon)) ?? this.fallback;
    return this.fallback;
  }

  private lookup(host: string): VirtualHostConfig | undefined {
    const exact = this.exact.get(host);
    if (exact) return exact;
    for (const s of this.suffixes) if (host.length > s.suffix.length && host.endsWith(s.suffix)) return s.vh;
    for (const p of this.prefixes) if (host.length > p.prefix.length && host.startsWith(p.prefix)) return p.vh;
    return undefined;
  }

  route(vh: VirtualHostConfig, ctx: HttpFilterContext): RouteEntry | undefined {
    const q = ctx.path.indexOf('?');
    const path = q < 0 ? ctx.path : ctx.path.slice(0, q);
    for (const r of vh.routes) {
      if (!pathMatches(r, path)) continue;
      if (!r.headers.every((h) => headerMatches(h, ctx))) continue;
      if (r.queryParameters.length > 0 && !queryMatches(r, q < 0 ? '' : ctx.path.slice(q + 1))) continue;
      return r;
    }
    return undefined;
  }
}

function pathMatches(r: RouteEntry, path: string): boolean {
  const p = r.path;
  if (p.kind === 'regex') return p.regex.test(path);
  const candidate = r.caseSensitive ? path : path.toLowerCase();
  return p.kind === 'prefix' ? candidate.startsWith(p.value) : candidate === p.value;
}

function headerValue(name: string, ctx: HttpFilterContext): string | undefined {
  if (name === ':method') return ctx.method;
  if (name === ':authority') return ctx.authority;
  if (name === ':path') return ctx.path;
  const v = ctx.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function headerMatches(h: HeaderMatch, ctx: HttpFilterContext): boolean {
  const v = headerValue(h.name, ctx);
  let ok: boolean;
  if (v === undefined) ok = false;
  else if (h.kind === 'present') ok = true;
  else if (h.kind === 'exact') ok = v === h.value;
  else if (h.kind === 'prefix') ok = v.startsWith(h.value);
  else if (h.kind === 'suffix') ok = v.endsWith(h.value);
  else if (h.kind === 'contains') ok = v.includes(h.value);
  else ok = h.regex?.test(v) ?? false;
  return ok !== h.invert;
}

function queryMatches(r: RouteEntry, query: string): boolean {
  const params = new URLSearchParams(query);
  return r.queryParameters.every((p) => (p.exact === undefined ? params.has(p.name) : params.get(p.name) === p.exact));
}
