export { validateSpec, hasErrors } from './validation/validate-spec';
export { isKnownKind, knownKinds } from './validation/registry';
export type { ValidationIssue, ResourceMeta } from './validation/issues';
export { parseGoDuration } from './validation/common/duration';
export { checkFqdn, checkWildcardDomain, isDns1123Label } from './validation/common/dns';
export { TYPED_KINDS, isTypedKind, specFromJson, encodeSpec, decodeSpec, type TypedKind, type SpecOf } from './domain/typed-kinds';
export { toProtoJson } from './domain/proto-json';
export {
  KUBERNETES_TYPED_KINDS,
  isKubernetesTypedKind,
  kubernetesSpecFromBody,
  kubernetesBodyFromSpec,
  encodeKubernetesSpec,
  decodeKubernetesSpec,
  type KubernetesKind,
  type KubernetesSpecOf,
} from './domain/kubernetes-kinds';
