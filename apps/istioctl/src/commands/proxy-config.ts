import { parseArguments, UsageError, type OptionSpec } from '../cli/cli-arguments';
import { EXIT, type Command } from './command';
import { getPilotJson, PILOT_OPTION, pilotUrl, table } from './pilot-debug';

const USAGE = 'cluster|listener|route|endpoint <pod-name>[.<namespace>] [-o short|json] [--fqdn h] [--port n] [--subset s] [--direction d]';

const OPTIONS: readonly OptionSpec[] = [
  PILOT_OPTION,
  { name: 'output', short: 'o', kind: 'string', valueName: 'short|json', description: 'output format (default short)' },
  { name: 'fqdn', kind: 'string', valueName: 'host', description: 'clusters/endpoints: only this service FQDN' },
  { name: 'port', kind: 'string', valueName: 'number', description: 'only this port' },
  { name: 'subset', kind: 'string', valueName: 'name', description: 'clusters: only this subset' },
  { name: 'direction', kind: 'string', valueName: 'inbound|outbound', description: 'clusters: only this direction' },
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Envoy's JSON, read defensively
type Filters = { fqdn?: string; port?: string; subset?: string; direction?: string };

const KIND_TYPE: Readonly<Record<string, string>> = { cluster: 'cds', clusters: 'cds', listener: 'lds', listeners: 'lds', route: 'rds', routes: 'rds', endpoint: 'eds', endpoints: 'eds' };

function clusterRows(resources: Json[], f: Filters): string[][] {
  return resources.flatMap((c) => {
    const [direction, port, subset, fqdn] = String(c['name']).split('|');
    const row = fqdn === undefined ? [String(c['name']), '-', '-', '-', String(c['type'] ?? '')] : [fqdn, port ?? '', subset ?? '', direction ?? '', String(c['type'] ?? 'EDS')];
    const keep = (!f.fqdn || row[0] === f.fqdn) && (!f.port || row[1] === f.port) && (!f.subset || row[2] === f.subset) && (!f.direction || row[3] === f.direction);
    return keep ? [row] : [];
  });
}

function listenerRows(resources: Json[], f: Filters): string[][] {
  return resources.flatMap((l) => {
    const sock = l['address']?.['socketAddress'] ?? {};
    const port = String(sock['portValue'] ?? '');
    const filters: Json[] = (l['filterChains'] ?? []).flatMap((fc: Json) => fc['filters'] ?? []);
    const names = filters.map((x) => String(x['name']));
    const type = l['apiListener'] ? 'HTTP (api)' : names.some((n) => n.includes('http_connection_manager')) ? 'HTTP' : names.some((n) => n.includes('tcp_proxy')) ? 'TCP' : '-';
    return !f.port || f.port === port ? [[String(sock['address'] ?? l['name']), port, type]] : [];
  });
}

function routeRows(resources: Json[]): string[][] {
  return resources.map((r) => [String(r['name']), String((r['virtualHosts'] ?? []).length)]);
}

function endpointRows(resources: Json[], f: Filters): string[][] {
  return resources.flatMap((cla) => {
    const cluster = String(cla['clusterName']);
    if (f.fqdn && cluster.split('|')[3] !== f.fqdn) return [];
    return (cla['endpoints'] ?? []).flatMap((loc: Json) =>
      (loc['lbEndpoints'] ?? []).map((lb: Json) => {
        const sock = lb['endpoint']?.['address']?.['socketAddress'] ?? {};
        const health = String(lb['healthStatus'] ?? 'UNKNOWN');
        return [`${sock['address']}:${sock['portValue']}`, health === 'UNKNOWN' || health === 'HEALTHY' ? 'HEALTHY' : health, 'OK', cluster];
      }),
    );
  });
}

export const proxyConfigCommand: Command = {
  name: 'proxy-config',
  summary: 'Show the clusters, listeners, routes or endpoints pilot serves one proxy',
  usage: USAGE,
  options: OPTIONS,
  async run(argv, io) {
    const { options, positionals } = parseArguments(argv, OPTIONS, 'proxy-config');
    const [kind, pod] = positionals;
    const type = kind ? KIND_TYPE[kind] : undefined;
    if (!type || !pod || positionals.length > 2) throw new UsageError(`proxy-config: usage: istioctl proxy-config ${USAGE}`);
    const output = options['output'] ?? 'short';
    if (output !== 'short' && output !== 'json') throw new UsageError(`proxy-config: -o must be short or json, not "${String(output)}"`);
    const dump = await getPilotJson<{ configs: Array<{ type: string; resources: Json[]; error?: string }> }>(pilotUrl(options['pilot']), `/debug/config_dump?proxyID=${encodeURIComponent(pod)}`);
    const config = dump.configs.find((c) => c.type === type);
    if (config?.error) {
      io.stderr(`proxy-config: pilot cannot build ${type} for ${pod}: ${config.error}\n`);
      return EXIT.failure;
    }
    const resources = config?.resources ?? [];
    if (output === 'json') {
      io.stdout(`${JSON.stringify(resources, null, 2)}\n`);
      return EXIT.ok;
    }
    const f: Filters = { fqdn: options['fqdn'] as string | undefined, port: options['port'] as string | undefined, subset: options['subset'] as string | undefined, direction: options['direction'] as string | undefined };
    if (type === 'cds') io.stdout(table(['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE'], clusterRows(resources, f)));
    else if (type === 'lds') io.stdout(table(['ADDRESS', 'PORT', 'TYPE'], listenerRows(resources, f)));
    else if (type === 'rds') io.stdout(`NOTE: This output only contains routes loaded via RDS.\n${table(['NAME', 'VIRTUAL HOSTS'], routeRows(resources))}`);
    else io.stdout(table(['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], endpointRows(resources, f)));
    return EXIT.ok;
  },
};
