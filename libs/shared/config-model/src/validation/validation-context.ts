import { STANDARD_ATTRIBUTE_VOCABULARY, type AttributeTypes } from '@tsmesh/shared-attributes';

/**
 * What a resource is validated against besides itself. Mixer expressions type-check against the
 * attribute vocabulary of the whole configuration: Istio 1.2's standard manifests plus every
 * attributemanifest applied with them (see `mixerVocabulary`).
 */
export interface ValidationContext {
  readonly vocabulary: AttributeTypes;
}

export const STANDARD_VALIDATION_CONTEXT: ValidationContext = Object.freeze({ vocabulary: STANDARD_ATTRIBUTE_VOCABULARY });
