import { ValidationError } from '@tsmesh/shared-errors';
import { STANDARD_ATTRIBUTE_MANIFESTS, type AttributeManifest } from './standard-manifests';
import type { ValueType } from './value-type';

/**
 * Attribute name -> declared type, merged from manifests. A later manifest redeclaring a name
 * with another type is a configuration conflict, reported with both manifest names.
 */
export class AttributeVocabulary {
  private constructor(
    private readonly types: ReadonlyMap<string, ValueType>,
    private readonly declaredBy: ReadonlyMap<string, string>,
  ) {}

  static fromManifests(manifests: readonly AttributeManifest[]): AttributeVocabulary {
    const types = new Map<string, ValueType>();
    const declaredBy = new Map<string, string>();
    for (const manifest of manifests) {
      for (const [name, type] of Object.entries(manifest.attributes)) {
        const earlier = types.get(name);
        if (earlier !== undefined && earlier !== type) {
          throw new ValidationError(
            `attribute "${name}" is ${earlier} in manifest "${declaredBy.get(name)}" but ${type} in manifest "${manifest.name}"`,
            { field: `attributes["${name}"].valueType`, source: manifest.name },
          );
        }
        types.set(name, type);
        declaredBy.set(name, manifest.name);
      }
    }
    return new AttributeVocabulary(types, declaredBy);
  }

  /**
   * This vocabulary plus more manifests (users' attributemanifest resources). Unlike
   * `fromManifests` a redeclaration is not an error: the later manifest wins, as Mixer's config
   * store merges every manifest it holds into one attribute finder.
   */
  extendedWith(manifests: readonly AttributeManifest[]): AttributeVocabulary {
    if (manifests.length === 0) return this;
    const types = new Map(this.types);
    const declaredBy = new Map(this.declaredBy);
    for (const manifest of manifests) {
      for (const [name, type] of Object.entries(manifest.attributes)) {
        types.set(name, type);
        declaredBy.set(name, manifest.name);
      }
    }
    return new AttributeVocabulary(types, declaredBy);
  }

  /** The declared type of `name`, or undefined when no manifest declares it. */
  typeOf(name: string): ValueType | undefined {
    return this.types.get(name);
  }

  /** The manifest that declared `name`. */
  manifestOf(name: string): string | undefined {
    return this.declaredBy.get(name);
  }

  names(): string[] {
    return [...this.types.keys()].sort();
  }
}

/** Istio 1.2's standard vocabulary (manifests `istioproxy` + `kubernetes`). */
export const STANDARD_ATTRIBUTE_VOCABULARY = AttributeVocabulary.fromManifests(STANDARD_ATTRIBUTE_MANIFESTS);
