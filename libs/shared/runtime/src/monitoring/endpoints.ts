import type { HealthRegistry } from './health';
import type { AnnouncementBoard } from './status';
import { PROMETHEUS_CONTENT_TYPE } from '../telemetry/telemetry';

/** A built-in endpoint's answer, independent of fastify so it can also be served before fastify is ready. */
export interface EndpointResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type Endpoint = () => EndpointResponse | Promise<EndpointResponse>;

export interface EndpointSources {
  readonly name: string;
  readonly version: string;
  readonly health: HealthRegistry;
  readonly board: AnnouncementBoard;
  renderMetrics(): Promise<string>;
}

/** Istio release whose configuration and wire protocols tsmesh implements. */
export const ISTIO_VERSION = '1.2';

const json = (status: number, value: unknown): EndpointResponse => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});

/** The standard monitoring endpoints of every component, keyed by path (GET and HEAD). */
export function builtinEndpoints(sources: EndpointSources): ReadonlyMap<string, Endpoint> {
  const { name, version, health, board } = sources;
  return new Map<string, Endpoint>([
    // Liveness only says the event loop answers; restarting a process that is draining or
    // waiting for a peer would not help.
    ['/healthz/live', () => json(200, { live: true })],
    [
      '/healthz/ready',
      () => {
        const status = health.status();
        return json(status.ready ? 200 : 503, status);
      },
    ],
    [
      '/metrics',
      async () => ({ status: 200, contentType: PROMETHEUS_CONTENT_TYPE, body: await sources.renderMetrics() }),
    ],
    ['/version', () => json(200, { name, version, istio: ISTIO_VERSION, node: process.version })],
    [
      '/debug/status',
      () => {
        const { ready, reasons } = health.status();
        const { ports, connectedTo } = board.snapshot();
        return json(200, { name, pid: process.pid, version, ready, reasons, ports, connectedTo });
      },
    ],
  ]);
}

export function notFound(method: string, path: string): EndpointResponse {
  return json(404, { error: 'not found', method, path });
}

export function errorResponse(status: number, error: string, code?: string): EndpointResponse {
  return json(status, { error, ...(code ? { code } : {}) });
}
