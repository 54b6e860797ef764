import { Policy } from '@tsmesh/contracts/istio/authentication/v1alpha1/policy';
import { HTTPAPISpec, HTTPAPISpecBinding } from '@tsmesh/contracts/istio/mixer/v1/config/client/api_spec';
import { QuotaSpec, QuotaSpecBinding } from '@tsmesh/contracts/istio/mixer/v1/config/client/quota';
import { DestinationRule } from '@tsmesh/contracts/istio/networking/v1alpha3/destination_rule';
import { EnvoyFilter } from '@tsmesh/contracts/istio/networking/v1alpha3/envoy_filter';
import { Gateway } from '@tsmesh/contracts/istio/networking/v1alpha3/gateway';
import { ServiceEntry } from '@tsmesh/contracts/istio/networking/v1alpha3/service_entry';
import { Sidecar } from '@tsmesh/contracts/istio/networking/v1alpha3/sidecar';
import { VirtualService } from '@tsmesh/contracts/istio/networking/v1alpha3/virtual_service';
import { AttributeManifest, Handler, Instance, Rule } from '@tsmesh/contracts/istio/policy/v1beta1/cfg';
import { RbacConfig, ServiceRole, ServiceRoleBinding } from '@tsmesh/contracts/istio/rbac/v1alpha1/rbac';
import { validatorsByKind } from '../validation/registry';
import type { JsonObject } from '../validation/schema/access';
import { messageJson } from './proto-json';

interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

const TYPE_PREFIX = 'type.googleapis.com/';

function kind<T>(message: string, codec: MessageCodec<T>) {
  return { typeUrl: TYPE_PREFIX + message, codec };
}

/**
 * Every Istio config kind with a typed proto, the message Istio 1.2 puts in an MCP body for it
 * (MeshPolicy and ClusterRbacConfig reuse Policy and RbacConfig, as upstream does).
 */
export const TYPED_KINDS = {
  VirtualService: kind('istio.networking.v1alpha3.VirtualService', VirtualService),
  DestinationRule: kind('istio.networking.v1alpha3.DestinationRule', DestinationRule),
  Gateway: kind('istio.networking.v1alpha3.Gateway', Gateway),
  ServiceEntry: kind('istio.networking.v1alpha3.ServiceEntry', ServiceEntry),
  Sidecar: kind('istio.networking.v1alpha3.Sidecar', Sidecar),
  EnvoyFilter: kind('istio.networking.v1alpha3.EnvoyFilter', EnvoyFilter),
  Policy: kind('istio.authentication.v1alpha1.Policy', Policy),
  MeshPolicy: kind('istio.authentication.v1alpha1.Policy', Policy),
  ServiceRole: kind('istio.rbac.v1alpha1.ServiceRole', ServiceRole),
  ServiceRoleBinding: kind('istio.rbac.v1alpha1.ServiceRoleBinding', ServiceRoleBinding),
  RbacConfig: kind('istio.rbac.v1alpha1.RbacConfig', RbacConfig),
  ClusterRbacConfig: kind('istio.rbac.v1alpha1.RbacConfig', RbacConfig),
  QuotaSpec: kind('istio.mixer.v1.config.client.QuotaSpec', QuotaSpec),
  QuotaSpecBinding: kind('istio.mixer.v1.config.client.QuotaSpecBinding', QuotaSpecBinding),
  HTTPAPISpec: kind('istio.mixer.v1.config.client.HTTPAPISpec', HTTPAPISpec),
  HTTPAPISpecBinding: kind('istio.mixer.v1.config.client.HTTPAPISpecBinding', HTTPAPISpecBinding),
  rule: kind('istio.policy.v1beta1.Rule', Rule),
  handler: kind('istio.policy.v1beta1.Handler', Handler),
  instance: kind('istio.policy.v1beta1.Instance', Instance),
  attributemanifest: kind('istio.policy.v1beta1.AttributeManifest', AttributeManifest),
} as const;

export type TypedKind = keyof typeof TYPED_KINDS;
/** The domain type of a kind: the message generated from its proto. */
export type SpecOf<K extends TypedKind> = ReturnType<(typeof TYPED_KINDS)[K]['codec']['decode']>;

export function isTypedKind(kind: string): kind is TypedKind {
  return Object.prototype.hasOwnProperty.call(TYPED_KINDS, kind);
}

/** A validated YAML/JSON spec as its typed message (jsonpb semantics, Go durations). */
export function specFromJson<K extends TypedKind>(kind: K, spec: JsonObject): SpecOf<K> {
  const fields = validatorsByKind[kind]?.fields ?? {};
  return TYPED_KINDS[kind].codec.fromJSON(messageJson(spec, fields)) as SpecOf<K>;
}

/** Wire bytes of a spec, for an MCP body of type `TYPED_KINDS[kind].typeUrl`. */
export function encodeSpec<K extends TypedKind>(kind: K, spec: SpecOf<K>): Uint8Array {
  return (TYPED_KINDS[kind].codec as MessageCodec<SpecOf<K>>).encode(spec).finish();
}

export function decodeSpec<K extends TypedKind>(kind: K, bytes: Uint8Array): SpecOf<K> {
  return TYPED_KINDS[kind].codec.decode(bytes) as SpecOf<K>;
}
