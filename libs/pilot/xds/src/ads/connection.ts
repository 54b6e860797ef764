import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { DiscoveryRequest, DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { defineErrorKind, describeError } from '@tsmesh/shared-errors';
import { status } from '@grpc/grpc-js';
import type { XdsGenerator } from '../generators/generator';
import { type Proxy, proxyFromNode } from '../proxy';
import type { PushContext } from '../push-context';
import { sharedResponse } from './encoded-response';
import { changedResources } from './partial-response';
import { type CheckedOutput, generateChecked } from './generation-cache';
import type { ResourceProblem } from './resource-checks';
import { byPushOrder, FULL_PUSH, type PushScope } from './push-order';
import { XdsTypeUrl } from '@tsmesh/contracts';

/** Push state of one type URL on one connection. */
export interface TypeWatch {
  readonly typeUrl: string;
  names: readonly string[];
  sentVersion?: string;
  sentNonce?: string;
  sentAt?: string;
  sentCount?: number;
  /** Fingerprint of the content the proxy was last sent (whole); identical content is never re-sent. */
  sentDigest?: string;
  /**
   * That content, while the proxy has not rejected any of it: EDS and RDS pushes then send only
   * the resources that differ from it (see partial-response.ts).
   */
  held?: CheckedOutput;
  ackedVersion?: string;
  ackedAt?: string;
  lastNack?: { version: string; nonce: string; message: string; at: string };
}

export interface ConnectionEvents {
  readonly onPush: (conn: AdsConnection, typeUrl: string, count: number) => void;
  readonly onNack: (conn: AdsConnection, watch: TypeWatch, message: string) => void;
  readonly onGenerateError: (conn: AdsConnection, typeUrl: string, error: unknown) => void;
  /** Every response written so far has been handed to the HTTP/2 stream (the proxy is reading). */
  readonly onFlushed?: (conn: AdsConnection) => void;
  /** Generated resources Envoy would reject: left out of the response. */
  readonly onInvalidResources: (conn: AdsConnection, problems: readonly ResourceProblem[]) => void;
}

/** A request for a type URL pilot has no generator for. */
export const UnsupportedTypeError = defineErrorKind('TSM_XDS_UNSUPPORTED_TYPE', status.UNIMPLEMENTED, 501);

/**
 * One ADS stream: a proxy, what it watches, and what it has acknowledged. Responses go out in
 * Envoy's order (CDS, EDS, LDS, RDS); content a proxy already has, or has rejected, is not
 * re-sent; a proxy that stops reading gets only the latest push once its stream drains.
 */
export class AdsConnection {
  readonly id: string;
  readonly connectedAt = new Date().toISOString();
  proxy: Proxy | undefined;
  readonly watches = new Map<string, TypeWatch>();
  readonly #call: ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>;
  readonly #generators: ReadonlyMap<string, XdsGenerator>;
  readonly #events: ConnectionEvents;
  #blocked = false;
  #unflushed = 0;
  #pending: { push: PushContext; scope: PushScope } | undefined;

  constructor(id: string, call: ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>, generators: ReadonlyMap<string, XdsGenerator>, events: ConnectionEvents) {
    this.id = id;
    this.#call = call;
    this.#generators = generators;
    this.#events = events;
    call.on('drain', () => this.#onDrain());
  }

  get peer(): string {
    return this.#call.getPeer();
  }

  /**
   * Handles one DiscoveryRequest. Throws BadRequestError for an unusable request (no or
   * malformed node, unknown type URL); the server turns that into a stream error.
   */
  handleRequest(req: DiscoveryRequest, push: PushContext | undefined): void {
    this.proxy ??= proxyFromNode(req.node);
    const generator = this.#generators.get(req.typeUrl);
    if (!generator) {
      throw new UnsupportedTypeError(`type URL "${req.typeUrl}" is not served; pilot serves ${[...this.#generators.keys()].join(', ')}`, { field: 'type_url' });
    }
    let watch = this.watches.get(req.typeUrl);
    if (req.responseNonce === '' || !watch) {
      // A new subscription, or a proxy reconnecting with what it has: it always gets a response.
      watch = { typeUrl: req.typeUrl, names: req.resourceNames };
      this.watches.set(req.typeUrl, watch);
      if (push) this.#send(watch, generator, push, 'subscribe');
      return;
    }
    const nack = req.errorDetail !== undefined && req.errorDetail.code !== 0;
    // A rejected response leaves the proxy without some of what `held` says it has, even when
    // a newer response is already in flight: the next change goes out whole.
    if (nack) watch.held = undefined;
    if (req.responseNonce !== watch.sentNonce) return; // stale: a newer response is in flight
    if (req.errorDetail && nack) {
      watch.lastNack = { version: req.versionInfo, nonce: req.responseNonce, message: req.errorDetail.message, at: new Date().toISOString() };
      this.#events.onNack(this, watch, req.errorDetail.message);
    } else {
      watch.ackedVersion = req.versionInfo;
      watch.ackedAt = new Date().toISOString();
      watch.lastNack = undefined;
    }
    if (sameNames(watch.names, req.resourceNames)) return;
    watch.names = req.resourceNames;
    if (push) this.#send(watch, generator, push, 'names');
  }

  /** Sends every watched type in scope whose content for this proxy changed. */
  push(push: PushContext, scope: PushScope = FULL_PUSH): void {
    if (this.#blocked) {
      const full = scope.kind === 'full' || this.#pending?.scope.kind === 'full';
      this.#pending = { push, scope: full ? FULL_PUSH : scope };
      return;
    }
    const types = [...this.watches.keys()].sort(byPushOrder);
    for (const typeUrl of types) {
      if (scope.kind === 'eds' && typeUrl !== XdsTypeUrl.ClusterLoadAssignment) continue;
      const watch = this.watches.get(typeUrl);
      const generator = this.#generators.get(typeUrl);
      if (watch && generator) this.#send(watch, generator, push, 'push');
    }
  }

  end(): void {
    this.#call.end();
  }

  /**
   * A subscription (`subscribe`) is always answered with everything asked for, a change of its
   * names (`names`) always, a `push` only when the content changed. For EDS and RDS, a push or a
   * names change carries only the resources that are new to the proxy or changed: it keeps the
   * others, as Envoy's SotW rules allow for these types.
   */
  #send(watch: TypeWatch, generator: XdsGenerator, push: PushContext, reason: 'subscribe' | 'names' | 'push'): void {
    if (!this.proxy) return;
    let output: CheckedOutput;
    try {
      output = generateChecked(generator, this.proxy, push, watch.names);
    } catch (err) {
      this.#events.onGenerateError(this, watch.typeUrl, err);
      return;
    }
    if (output.problems.length > 0) this.#events.onInvalidResources(this, output.problems);
    const digest = output.digest;
    if (reason === 'push' && digest === watch.sentDigest) {
      // Same content: hold this push's objects so the older push's can be freed.
      if (watch.held) watch.held = output;
      return;
    }
    const partial = reason !== 'subscribe' && generator.namedResources && watch.held ? changedResources(push, watch.typeUrl, watch.held, output) : undefined;
    const sent = partial ?? output;
    const { nonce, bytes } = sharedResponse(push.version, watch.typeUrl, sent);
    Object.assign(watch, { sentVersion: push.version, sentNonce: nonce, sentDigest: digest, held: output, sentAt: new Date().toISOString(), sentCount: sent.valid.length });
    // The stream's serializer passes pre-encoded responses through (PREENCODED_ADS_SERVICE).
    this.#unflushed++;
    const flushed = this.#call.write(bytes as unknown as DiscoveryResponse, () => this.#onFlushed());
    if (!flushed) this.#blocked = true;
    this.#events.onPush(this, watch.typeUrl, sent.valid.length);
  }

  /** False while a response is still queued in front of the HTTP/2 stream (flow control holds it). */
  get flushed(): boolean {
    return this.#unflushed === 0;
  }

  #onFlushed(): void {
    this.#unflushed = Math.max(0, this.#unflushed - 1);
    if (this.#unflushed === 0) this.#events.onFlushed?.(this);
  }

  #onDrain(): void {
    this.#blocked = false;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) {
      try {
        this.push(pending.push, pending.scope);
      } catch (err) {
        this.#events.onGenerateError(this, 'drain', new Error(describeError(err)));
      }
    }
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((n) => set.has(n));
}
