import { cdsGenerator } from './cds';
import { edsGenerator } from './eds';
import type { XdsGenerator } from './generator';
import { ldsGenerator } from './lds';
import { rdsGenerator } from './rds';

/** One generator per type URL. Adding a type means adding its module and one line here. */
export const GENERATORS: ReadonlyMap<string, XdsGenerator> = new Map(
  [cdsGenerator, edsGenerator, ldsGenerator, rdsGenerator].map((g) => [g.typeUrl, g]),
);
