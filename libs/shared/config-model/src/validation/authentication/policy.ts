import type { KindValidator } from '../kind-validator';
import { IssueSink, type ResourceMeta } from '../issues';
import { has, list, num, obj, str, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { isDns1123Label } from '../common/dns';
import { checkPort } from '../common/values';
import { checkSubsetName } from '../networking/destinations';
import { checkJwt, jwt } from './jwt';

const DEFAULT_POLICY_NAME = 'default';

/** Policy / MeshPolicy as defined by istio/api 1.2.10 authentication/v1alpha1/policy.proto. */
const fields: Fields = {
  targets: t.list(
    t.message(() => ({
      name: t.string,
      labels: t.stringMap,
      ports: t.list(t.message(() => ({ number: t.uint, name: t.string }))),
    })),
  ),
  peers: t.list(
    t.message(() => ({
      mtls: t.message(() => ({ allowTls: t.bool, mode: t.enumOf(['STRICT', 'PERMISSIVE']) })),
      jwt,
    })),
  ),
  peerIsOptional: t.bool,
  origins: t.list(t.message(() => ({ jwt }))),
  originIsOptional: t.bool,
  principalBinding: t.enumOf(['USE_PEER', 'USE_ORIGIN']),
};

/** Istio's ValidateAuthenticationPolicy; an empty namespace means the cluster-scoped MeshPolicy. */
function checkPolicy(spec: JsonObject, meta: ResourceMeta, clusterScoped: boolean, sink: IssueSink): void {
  const targets = list(spec, 'targets');
  if (clusterScoped) {
    if (meta.name !== DEFAULT_POLICY_NAME) sink.error('metadata.name', `mesh-wide authentication policy must be named "${DEFAULT_POLICY_NAME}", found "${meta.name}"`);
    if (targets.length > 0) sink.error('spec.targets', 'mesh-wide authentication policy must not have targets');
  } else {
    if (targets.length === 0 && meta.name !== DEFAULT_POLICY_NAME) {
      sink.error('metadata.name', `authentication policy with no targets must be named "${DEFAULT_POLICY_NAME}", found "${meta.name}"`);
    }
    if (targets.length > 0 && meta.name === DEFAULT_POLICY_NAME) sink.error('spec.targets', `authentication policy named "${DEFAULT_POLICY_NAME}" must not have targets`);
    targets.forEach((target, i) => {
      const at = `spec.targets[${i}]`;
      // Targets are service short names in the policy's namespace, so a dotted name is rejected.
      if (!isDns1123Label(str(target, 'name'))) sink.error(`${at}.name`, `target name "${str(target, 'name')}" must be a DNS-1123 label (short service name)`);
      list(target, 'ports').forEach((port, j) => {
        const portAt = `${at}.ports[${j}]`;
        if (num(port, 'number') !== 0) sink.check(`${portAt}.number`, checkPort(num(port, 'number')));
        else if (str(port, 'name') !== '') sink.check(`${portAt}.name`, checkSubsetName(str(port, 'name')));
        else sink.error(portAt, 'port selector needs a number or a name');
      });
    });
  }
  // Each JWT issuer may be configured once across peers and origins.
  const issuers = new Set<string>();
  const checkIssuer = (value: JsonObject, path: string): void => {
    const issuer = str(value, 'issuer');
    if (issuers.has(issuer)) sink.error(`${path}.issuer`, `jwt with issuer "${issuer}" already defined`);
    issuers.add(issuer);
    checkJwt(value, path, sink);
  };
  list(spec, 'peers').forEach((peer, i) => {
    const at = `spec.peers[${i}]`;
    if (has(peer, 'mtls') && has(peer, 'jwt')) sink.error(at, 'a peer method is either mtls or jwt, not both');
    const peerJwt = obj(peer, 'jwt');
    if (peerJwt !== undefined) checkIssuer(peerJwt, `${at}.jwt`);
  });
  list(spec, 'origins').forEach((origin, i) => {
    const originJwt = obj(origin, 'jwt');
    if (originJwt === undefined) sink.error(`spec.origins[${i}].jwt`, 'origin authentication method requires jwt');
    else checkIssuer(originJwt, `spec.origins[${i}].jwt`);
  });
}

export const policyValidator: KindValidator = {
  fields,
  rules: (spec, meta, sink) => checkPolicy(spec, meta, (meta.namespace ?? '') === '', sink),
};

/** MeshPolicy is cluster-scoped whatever namespace the caller passes. */
export const meshPolicyValidator: KindValidator = { fields, rules: (spec, meta, sink) => checkPolicy(spec, meta, true, sink) };
