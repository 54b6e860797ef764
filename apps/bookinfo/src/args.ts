import { parseArgs } from 'node:util';

export const SERVICES = ['productpage', 'details', 'reviews', 'ratings'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const VERSIONS = ['v1', 'v2', 'v3'] as const;
export type Version = (typeof VERSIONS)[number];

export interface BookinfoArgs {
  readonly service: ServiceName;
  readonly version: Version;
  readonly host: string;
  readonly port: number;
}

export const USAGE = 'usage: bookinfo --service productpage|details|reviews|ratings [--version v1|v2|v3] [--host 127.0.0.1] [--port 9080]';

/** Parses the command line; a bad value throws an Error naming the flag. */
export function parseBookinfoArgs(argv: string[]): BookinfoArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      service: { type: 'string' },
      version: { type: 'string', default: 'v1' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '9080' },
    },
    strict: true,
  });
  const service = values.service as ServiceName;
  if (!SERVICES.includes(service)) throw new Error(`--service must be one of ${SERVICES.join(', ')}, got "${values.service ?? ''}"`);
  const version = values.version as Version;
  if (!VERSIONS.includes(version)) throw new Error(`--version must be one of ${VERSIONS.join(', ')}, got "${values.version}"`);
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  return { service, version, host: values.host, port };
}
