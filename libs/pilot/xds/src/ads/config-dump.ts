import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { RouteConfiguration } from '@tsmesh/contracts/envoy/config/route/v3/route';
import type { Any } from '@tsmesh/contracts/google/protobuf/any';
import { describeError } from '@tsmesh/shared-errors';
import type { XdsGenerator } from '../generators/generator';
import type { AdsConnection } from './connection';
import type { PushContext } from '../push-context';
import { byPushOrder, SHORT_TYPE } from './push-order';

const DECODERS: Readonly<Record<string, (bytes: Uint8Array) => unknown>> = {
  [XdsTypeUrl.Cluster]: (b) => Cluster.toJSON(Cluster.decode(b)),
  [XdsTypeUrl.ClusterLoadAssignment]: (b) => ClusterLoadAssignment.toJSON(ClusterLoadAssignment.decode(b)),
  [XdsTypeUrl.Listener]: (b) => Listener.toJSON(Listener.decode(b)),
  [XdsTypeUrl.RouteConfiguration]: (b) => RouteConfiguration.toJSON(RouteConfiguration.decode(b)),
};

function asJson(resource: Any): unknown {
  const decode = DECODERS[resource.typeUrl];
  return decode ? { '@type': resource.typeUrl, ...(decode(resource.value) as object) } : { '@type': resource.typeUrl };
}

/**
 * `/debug/config_dump?proxyID=…`: what pilot would send this proxy now, per type, with what the
 * proxy last ACKed or NACKed, so "what does pilot think this sidecar has" needs no sidecar access.
 */
export function configDump(conn: AdsConnection, push: PushContext | undefined, generators: ReadonlyMap<string, XdsGenerator>): unknown {
  const types = [...generators.keys()].sort(byPushOrder);
  return {
    proxy: conn.proxy?.nodeId,
    pushVersion: push?.version,
    configs: types.map((typeUrl) => {
      const watch = conn.watches.get(typeUrl);
      const generator = generators.get(typeUrl);
      let resources: unknown[] = [];
      let error: string | undefined;
      if (push && generator && conn.proxy) {
        try {
          resources = generator.generate(conn.proxy, push, watch?.names ?? []).map((g) => asJson(g.resource));
        } catch (err) {
          error = describeError(err);
        }
      }
      return { type: SHORT_TYPE[typeUrl] ?? typeUrl, typeUrl, subscribed: watch !== undefined, acked: watch?.ackedVersion, nack: watch?.lastNack, error, resources };
    }),
  };
}

/** Finds a connection by full node id, `<pod>.<namespace>`, or pod name. */
export function findConnection(connections: readonly AdsConnection[], proxyId: string): AdsConnection | undefined {
  return connections.find((c) => c.proxy && (c.proxy.nodeId === proxyId || c.proxy.id === proxyId || c.proxy.id.split('.')[0] === proxyId));
}
