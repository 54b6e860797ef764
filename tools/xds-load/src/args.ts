import { parseArgs } from 'node:util';
import { ConfigError } from '@tsmesh/shared-errors';
import type { XdsKind } from './load-client';

export interface CliArgs {
  readonly address: string;
  readonly clients: number;
  readonly channels: number;
  readonly namespaces: number;
  readonly events: boolean;
  readonly configTimeoutMs: number;
  /** undefined = probe pilot for what it serves. */
  readonly kinds: XdsKind[] | undefined;
}

export const USAGE = `usage: xds-load --pilot-address host:port [--clients 100] [--channels 4] [--namespaces 50] [--events] [--config-timeout-s 300]
  Opens --clients ADS streams to pilot, each a distinct sidecar in ns-(i % namespaces), subscribes like Envoy
  and ACKs everything. Prints JSON lines: {"event":"push",...} per response with --events, {"event":"configured"}
  once all have config (--types auto asks for LDS/RDS only if pilot serves LDS), {"event":"summary"} on the stdin line "summary" and on exit (stdin line "stop", SIGINT, SIGTERM).`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'pilot-address': { type: 'string' },
      clients: { type: 'string', default: '100' },
      channels: { type: 'string', default: '4' },
      namespaces: { type: 'string', default: '50' },
      events: { type: 'boolean', default: false },
      'config-timeout-s': { type: 'string', default: '300' },
      types: { type: 'string', default: 'auto' },
    },
    strict: true,
  });
  const address = values['pilot-address'];
  if (!address || !/^[^:]+:\d+$/.test(address)) throw new ConfigError('needs host:port of pilot', { field: '--pilot-address', source: 'flags' });
  return {
    address,
    clients: positive(values.clients, '--clients'),
    channels: positive(values.channels, '--channels'),
    namespaces: positive(values.namespaces, '--namespaces'),
    events: values.events,
    configTimeoutMs: positive(values['config-timeout-s'], '--config-timeout-s') * 1000,
    kinds: kindsOf(values.types),
  };
}

function positive(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`must be a positive integer, got "${value}"`, { field, source: 'flags' });
  return n;
}

const KINDS = new Set<string>(['cds', 'eds', 'lds', 'rds']);

function kindsOf(value: string): XdsKind[] | undefined {
  if (value === 'auto') return undefined;
  const kinds = value.split(',').map((k) => k.trim());
  const bad = kinds.filter((k) => !KINDS.has(k));
  if (bad.length > 0 || kinds.length === 0) throw new ConfigError(`must be auto or a list of cds,eds,lds,rds, got "${value}"`, { field: '--types', source: 'flags' });
  return kinds as XdsKind[];
}
