import { EnvoyTypeUrl } from '@tsmesh/contracts';
import type { Any } from '@tsmesh/contracts/google/protobuf/any';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import { HTTPFault } from '@tsmesh/contracts/envoy/extensions/filters/http/fault/v3/fault';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { TcpProxy } from '@tsmesh/contracts/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy';
import { DownstreamTlsContext } from '@tsmesh/contracts/envoy/extensions/transport_sockets/tls/v3/tls';
import type { GeneratedResource } from '../generator';

/** Typed configs a golden shows decoded (everything else keeps only its `@type`). */
const DECODERS: Record<string, (b: Uint8Array) => unknown> = {
  [EnvoyTypeUrl.HttpConnectionManager]: (b) => HttpConnectionManager.toJSON(HttpConnectionManager.decode(b)),
  [EnvoyTypeUrl.Fault]: (b) => HTTPFault.toJSON(HTTPFault.decode(b)),
  [EnvoyTypeUrl.TcpProxy]: (b) => TcpProxy.toJSON(TcpProxy.decode(b)),
  [EnvoyTypeUrl.DownstreamTlsContext]: (b) => DownstreamTlsContext.toJSON(DownstreamTlsContext.decode(b)),
};

/** Replaces `{typeUrl, value: base64}` with `{"@type", ...decoded}` so goldens can be reviewed. */
function expandAny(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandAny);
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj['typeUrl'] === 'string' && typeof obj['value'] === 'string') {
    const decode = DECODERS[obj['typeUrl']];
    const decoded = decode ? expandAny(decode(Buffer.from(obj['value'], 'base64'))) : {};
    return { '@type': obj['typeUrl'], ...(decoded as object) };
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, expandAny(v)]));
}

export function readableListeners(out: readonly GeneratedResource[]): unknown[] {
  return out.map((g) => expandAny(Listener.toJSON(Listener.decode(g.resource.value))));
}

export function readableRoutes(out: readonly GeneratedResource[]): unknown[] {
  return out.map((g) => expandAny(RouteConfiguration.toJSON(RouteConfiguration.decode(g.resource.value))));
}

export function decodeAny(any: Any): unknown {
  return expandAny({ typeUrl: any.typeUrl, value: Buffer.from(any.value).toString('base64') });
}
