import { cdsGenerator } from './cds';
import { edsGenerator } from './eds';
import type { XdsGenerator } from './generator';

/** One generator per type URL. Adding a type means adding its module and one line here. */
export const GENERATORS: ReadonlyMap<string, XdsGenerator> = new Map(
  [cdsGenerator, edsGenerator].map((g) => [g.typeUrl, g]),
);
