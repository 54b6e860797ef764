import { type ServerDuplexStream, status } from '@grpc/grpc-js';
import type { Meter } from '@opentelemetry/api';
import type { AggregatedDiscoveryServiceServer } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import type { DiscoveryRequest, DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { describeError, MeshError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';
import type { XdsGenerator } from '../generators/generator';
import { GENERATORS } from '../generators/registry';
import type { PushContext } from '../push-context';
import { AdsConnection, type TypeWatch } from './connection';
import { PREENCODED_ADS_SERVICE } from './encoded-response';
import type { ResourceProblem } from './resource-checks';
import { FULL_PUSH, type PushScope, SHORT_TYPE } from './push-order';

/** Proxies that may have an unflushed push at once (see AdsServer.#pump). */
const PUSH_CONCURRENCY = 100;
const PUSH_SLOT_MS = 2_000;

export interface AdsServerOptions {
  readonly log: Logger;
  readonly meter: Meter;
  readonly generators?: ReadonlyMap<string, XdsGenerator>;
}

/** Envoy's Aggregated Discovery Service (SotW), with versions, nonces and ACK/NACK tracking. */
export class AdsServer {
  readonly #log: Logger;
  readonly #generators: ReadonlyMap<string, XdsGenerator>;
  readonly #connections = new Map<string, AdsConnection>();
  readonly #pushes;
  readonly #rejects;
  #push: PushContext | undefined;
  #nextId = 0;
  /** Proxies waiting for a push, in order, with the scope they need. */
  readonly #queue = new Map<AdsConnection, PushScope>();
  /** Proxies pushed to whose responses are not yet flushed, with their slot timers. */
  readonly #inflight = new Map<AdsConnection, ReturnType<typeof setTimeout>>();
  /** Resources left out of the current push because Envoy would reject them (logged once per push). */
  #invalid = new Map<string, ResourceProblem>();

  constructor(options: AdsServerOptions) {
    this.#log = options.log;
    this.#generators = options.generators ?? GENERATORS;
    this.#pushes = options.meter.createCounter('pilot_xds_pushes', { description: 'Pilot build and send errors for lds, rds, cds and eds.' });
    this.#rejects = options.meter.createCounter('pilot_total_xds_rejects', { description: 'Total number of XDS responses from pilot rejected by proxy.' });
    options.meter
      .createObservableGauge('pilot_xds', { description: 'Number of endpoints connected to this pilot using XDS.' })
      .addCallback((r) => r.observe(this.#connections.size));
  }

  get service(): { definition: typeof PREENCODED_ADS_SERVICE; implementation: AggregatedDiscoveryServiceServer } {
    return {
      definition: PREENCODED_ADS_SERVICE,
      implementation: {
        streamAggregatedResources: (call) => this.#accept(call),
        deltaAggregatedResources: (call) => {
          call.emit('error', { code: status.UNIMPLEMENTED, details: 'delta xDS is not supported; use state-of-the-world ADS' });
        },
      },
    };
  }

  currentPush(): PushContext | undefined {
    return this.#push;
  }

  /**
   * Installs a new push context and pushes to every connected proxy. Each proxy gets only the
   * types in `scope` whose content for it changed, so unaffected proxies receive nothing.
   */
  setPushContext(push: PushContext, scope: PushScope = FULL_PUSH): void {
    this.#push = push;
    if (scope.kind === 'full') this.#invalid = new Map();
    for (const conn of this.#connections.values()) {
      // A proxy still waiting for an earlier full push keeps it full.
      const queued = this.#queue.get(conn);
      this.#queue.set(conn, queued?.kind === 'full' ? FULL_PUSH : scope);
    }
    this.#pump();
  }

  /**
   * Sends queued pushes while fewer than PUSH_CONCURRENCY proxies still have responses waiting
   * in front of their HTTP/2 streams. Writing every proxy's config at once would hold a copy per
   * proxy in memory until each slow reader took it; a proxy that does not read for
   * PUSH_SLOT_MS gives its slot up, so one stuck proxy never holds the others back.
   */
  #pump(): void {
    const push = this.#push;
    if (!push) return;
    for (const [conn, scope] of this.#queue) {
      if (this.#inflight.size >= PUSH_CONCURRENCY) return;
      this.#queue.delete(conn);
      if (!this.#connections.has(conn.id)) continue;
      try {
        conn.push(push, scope);
      } catch (err) {
        this.#log.error({ conn: conn.id, node: conn.proxy?.nodeId, reason: describeError(err) }, 'ads: push failed');
      }
      if (!conn.flushed) this.#inflight.set(conn, setTimeout(() => this.#release(conn), PUSH_SLOT_MS).unref());
    }
  }

  #release(conn: AdsConnection): void {
    const timer = this.#inflight.get(conn);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#inflight.delete(conn);
    this.#pump();
  }

  invalidResources(): ResourceProblem[] {
    return [...this.#invalid.values()];
  }

  generators(): ReadonlyMap<string, XdsGenerator> {
    return this.#generators;
  }

  connections(): AdsConnection[] {
    return [...this.#connections.values()];
  }

  closeAll(): void {
    for (const conn of this.#connections.values()) conn.end();
  }

  #accept(call: ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>): void {
    const conn = new AdsConnection(`conn-${++this.#nextId}`, call, this.#generators, {
      onInvalidResources: (c, problems) => this.#recordInvalid(c, problems),
      onFlushed: (c) => this.#release(c),
      onPush: (_c, typeUrl) => this.#pushes.add(1, { type: SHORT_TYPE[typeUrl] ?? typeUrl }),
      onNack: (c, watch, message) => this.#recordNack(c, watch, message),
      onGenerateError: (c, typeUrl, error) => {
        this.#pushes.add(1, { type: `${SHORT_TYPE[typeUrl] ?? typeUrl}_builderr` });
        this.#log.error({ node: c.proxy?.nodeId, type: SHORT_TYPE[typeUrl] ?? typeUrl, reason: describeError(error) }, 'ads: cannot build config for proxy; it keeps its last config');
      },
    });
    this.#connections.set(conn.id, conn);
    const drop = (): void => {
      this.#queue.delete(conn);
      this.#release(conn);
      if (this.#connections.delete(conn.id)) this.#log.info({ conn: conn.id, node: conn.proxy?.nodeId }, 'ads: proxy disconnected');
    };
    call.on('data', (req: DiscoveryRequest) => {
      const first = conn.proxy === undefined;
      try {
        conn.handleRequest(req, this.#push);
      } catch (err) {
        this.#log.warn({ peer: call.getPeer(), reason: describeError(err) }, 'ads: rejecting stream');
        call.emit('error', { code: err instanceof MeshError ? err.grpcStatus : status.INVALID_ARGUMENT, details: describeError(err) });
        drop();
        return;
      }
      if (first) this.#log.info({ conn: conn.id, node: conn.proxy?.nodeId, peer: call.getPeer() }, 'ads: proxy connected');
    });
    call.on('end', () => {
      drop();
      call.end();
    });
    call.on('error', drop);
    call.on('cancelled', drop);
  }

  #recordInvalid(conn: AdsConnection, problems: readonly ResourceProblem[]): void {
    for (const p of problems) {
      const key = `${p.typeUrl}|${p.name}|${p.reason}`;
      if (this.#invalid.has(key)) continue;
      this.#invalid.set(key, p);
      this.#pushes.add(1, { type: `${SHORT_TYPE[p.typeUrl] ?? p.typeUrl}_builderr` });
      this.#log.error({ node: conn.proxy?.nodeId, type: SHORT_TYPE[p.typeUrl] ?? p.typeUrl, resource: p.name, source: p.source, reason: p.reason }, `ads: not pushing ${p.name}${p.source ? ` (from ${p.source})` : ''}: ${p.reason}`);
    }
  }

  #recordNack(conn: AdsConnection, watch: TypeWatch, message: string): void {
    const type = SHORT_TYPE[watch.typeUrl] ?? watch.typeUrl;
    this.#rejects.add(1, { type });
    this.#log.warn({ node: conn.proxy?.nodeId, type, version: watch.sentVersion, reason: message }, 'ads: proxy rejected config (NACK)');
  }
}
