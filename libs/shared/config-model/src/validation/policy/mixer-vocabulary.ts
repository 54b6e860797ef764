import { parseValueType, STANDARD_ATTRIBUTE_VOCABULARY, ValueType as ValueTypes, type AttributeManifest, type AttributeVocabulary, type ValueType } from '@tsmesh/shared-attributes';
import { entries, enumName, str } from '../schema/access';

// ValueType's keys are in proto number order, so a numeric valueType indexes them.
const VALUE_TYPE_NAMES = Object.keys(ValueTypes);

/** An attributemanifest resource as a batch holds it: its name (for messages) and raw spec. */
export interface AttributeManifestResource {
  readonly name: string;
  readonly spec: unknown;
}

/**
 * The vocabulary Mixer would type-check against with these attributemanifests applied: Istio
 * 1.2's standard manifests, then each user manifest (declarations with an unknown valueType are
 * skipped; the attributemanifest's own validation reports them).
 */
export function mixerVocabulary(manifests: Iterable<AttributeManifestResource>): AttributeVocabulary {
  const user: AttributeManifest[] = [];
  for (const { name, spec } of manifests) {
    const attributes: Record<string, ValueType> = {};
    for (const [attr, decl] of entries(spec, 'attributes')) {
      const type = parseValueType(enumName(decl, 'valueType', VALUE_TYPE_NAMES));
      if (type !== undefined && type !== 'VALUE_TYPE_UNSPECIFIED') attributes[attr] = type;
    }
    user.push({ name: str(spec, 'name') || name, attributes });
  }
  return STANDARD_ATTRIBUTE_VOCABULARY.extendedWith(user);
}
