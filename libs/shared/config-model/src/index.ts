export { validateSpec, hasErrors } from './validation/validate-spec';
export { isKnownKind, knownKinds } from './validation/registry';
export { STANDARD_VALIDATION_CONTEXT, type ValidationContext } from './validation/validation-context';
export { mixerVocabulary, type AttributeManifestResource } from './validation/policy/mixer-vocabulary';
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
