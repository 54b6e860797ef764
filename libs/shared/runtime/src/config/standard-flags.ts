import { flag } from './flags';

/** Log levels accepted by --log-level (pino's names). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Flags every component gets from runComponent. A component may redeclare one of these keys with
 * the same flag name to change its default (the sidecar's status port is 15020, not 15014).
 */
export const standardFlags = {
  host: flag.string({ flag: 'host', default: '127.0.0.1', description: 'address every listener of this process binds to' }),
  monitoringPort: flag.port({
    flag: 'monitoring-port',
    default: 15014,
    description: 'port of the monitoring server (/healthz/*, /metrics, /version, /debug/status); 0 picks a free port',
  }),
  logLevel: flag.oneOf(LOG_LEVELS, {
    flag: 'log-level',
    env: 'TSMESH_LOG_LEVEL',
    default: 'info',
    description: 'minimum level written to the JSON log on stdout',
  }),
  traceZipkinUrl: flag.string({
    flag: 'trace-zipkin-url',
    env: 'TSMESH_TRACE_ZIPKIN_URL',
    default: '',
    description: 'Zipkin v2 span endpoint (Istio 1.2: --trace_zipkin_url, e.g. http://zipkin.istio-system:9411/api/v2/spans); empty = no export',
  }),
  drainTimeout: flag.duration({
    flag: 'drain-timeout',
    default: '5s',
    description: 'upper bound for graceful shutdown after SIGTERM/SIGINT',
  }),
};

export type StandardFlags = typeof standardFlags;
