import type { KindValidator } from './kind-validator';
import { destinationRuleValidator } from './networking/destination-rule';
import { envoyFilterValidator } from './networking/envoy-filter';
import { gatewayValidator } from './networking/gateway';
import { serviceEntryValidator } from './networking/service-entry';
import { sidecarValidator } from './networking/sidecar';
import { virtualServiceValidator } from './networking/virtual-service';
import { meshPolicyValidator, policyValidator } from './authentication/policy';
import { clusterRbacConfigValidator, rbacConfigValidator } from './rbac/rbac-config';
import { serviceRoleValidator } from './rbac/service-role';
import { serviceRoleBindingValidator } from './rbac/service-role-binding';
import { httpApiSpecValidator } from './mixer-client/http-api-spec';
import { httpApiSpecBindingValidator } from './mixer-client/http-api-spec-binding';
import { quotaSpecValidator } from './mixer-client/quota-spec';
import { quotaSpecBindingValidator } from './mixer-client/quota-spec-binding';
import { adapterValidator, templateValidator } from './policy/descriptor-kinds';
import { legacyMixerValidators } from './policy/legacy-kinds';
import { attributeManifestValidator, handlerValidator, instanceValidator, ruleValidator } from './policy/policy-kinds';

/** Every kind with a validator, keyed by the Kubernetes `kind` galley sees. */
export const validatorsByKind: Readonly<Record<string, KindValidator>> = Object.freeze({
  VirtualService: virtualServiceValidator,
  DestinationRule: destinationRuleValidator,
  Gateway: gatewayValidator,
  ServiceEntry: serviceEntryValidator,
  Sidecar: sidecarValidator,
  EnvoyFilter: envoyFilterValidator,
  Policy: policyValidator,
  MeshPolicy: meshPolicyValidator,
  ServiceRole: serviceRoleValidator,
  ServiceRoleBinding: serviceRoleBindingValidator,
  RbacConfig: rbacConfigValidator,
  ClusterRbacConfig: clusterRbacConfigValidator,
  QuotaSpec: quotaSpecValidator,
  QuotaSpecBinding: quotaSpecBindingValidator,
  HTTPAPISpec: httpApiSpecValidator,
  HTTPAPISpecBinding: httpApiSpecBindingValidator,
  rule: ruleValidator,
  handler: handlerValidator,
  instance: instanceValidator,
  attributemanifest: attributeManifestValidator,
  adapter: adapterValidator,
  template: templateValidator,
  // Per-adapter handler and per-template instance kinds (Istio 1.2's legacy Mixer kinds).
  ...legacyMixerValidators,
});

export function isKnownKind(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(validatorsByKind, kind);
}

export const knownKinds = (): string[] => Object.keys(validatorsByKind);
