import { parseArguments, UsageError, type OptionSpec } from '../cli/cli-arguments';
import { EXIT, type Command } from './command';
import { getPilotJson, PILOT_OPTION, pilotUrl, table } from './pilot-debug';

const OPTIONS: readonly OptionSpec[] = [PILOT_OPTION];
const TYPES = [
  ['CDS', 'type.googleapis.com/envoy.config.cluster.v3.Cluster'],
  ['LDS', 'type.googleapis.com/envoy.config.listener.v3.Listener'],
  ['EDS', 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment'],
  ['RDS', 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration'],
] as const;

interface TypeSync {
  sent?: string;
  acked?: string;
  nack?: { message: string; at: string };
}
interface ProxySync {
  proxy?: string;
  connectionId: string;
  types: Record<string, TypeSync>;
}

/** Istio's words for where a proxy stands on one type; NACKED is ours (1.2 showed it as STALE). */
function syncState(t: TypeSync | undefined): string {
  if (!t || t.sent === undefined) return 'NOT SENT';
  if (t.nack) return 'NACKED';
  return t.acked === t.sent ? 'SYNCED' : 'STALE';
}

/** `<pod>.<namespace>` from a node id `sidecar~ip~pod.ns~domain`. */
function proxyName(nodeId: string | undefined): string {
  return nodeId?.split('~')[2] ?? '(unknown)';
}

export const proxyStatusCommand: Command = {
  name: 'proxy-status',
  summary: "Show each proxy's xDS sync state with pilot (SYNCED, STALE, NACKED, NOT SENT)",
  usage: '[<pod-name>[.<namespace>]] [--pilot <url>]',
  options: OPTIONS,
  async run(argv, io) {
    const { options, positionals } = parseArguments(argv, OPTIONS, 'proxy-status');
    if (positionals.length > 1) throw new UsageError('proxy-status: at most one proxy name');
    const syncs = await getPilotJson<ProxySync[]>(pilotUrl(options['pilot']), '/debug/syncz');
    const wanted = positionals[0];
    if (wanted === undefined) {
      const rows = syncs
        .map((s) => [proxyName(s.proxy), ...TYPES.map(([, url]) => syncState(s.types[url])), 'tsmesh-pilot'])
        .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
      io.stdout(table(['NAME', 'CDS', 'LDS', 'EDS', 'RDS', 'PILOT'], rows));
      return EXIT.ok;
    }
    const match = syncs.find((s) => [proxyName(s.proxy), proxyName(s.proxy).split('.')[0]].includes(wanted));
    if (!match) {
      io.stderr(`proxy-status: no proxy "${wanted}" is connected to pilot (see istioctl proxy-status)\n`);
      return EXIT.failure;
    }
    const lines = TYPES.map(([short, url]) => {
      const t = match.types[url];
      const detail = t?.nack ? `  rejected: ${t.nack.message}` : '';
      return `${short}: ${syncState(t)} (sent ${t?.sent ?? '-'}, acked ${t?.acked ?? '-'})${detail}`;
    });
    io.stdout(`${proxyName(match.proxy)}\n${lines.join('\n')}\n`);
    return lines.some((l) => l.includes('NACKED')) ? EXIT.failure : EXIT.ok;
  },
};
