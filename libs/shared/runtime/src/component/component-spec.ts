import { InternalError } from '@tsmesh/shared-errors';
import type { FlagSpecs } from '../config/flags';
import { standardFlags, type StandardFlags } from '../config/standard-flags';

/**
 * The full flag spec of a component: the standard flags plus its own. A component may redeclare
 * a standard key to change its default, but only under the same flag name, so `--monitoring-port`
 * means the same thing for every component.
 */
export function componentSpec<S extends FlagSpecs>(own: S): StandardFlags & S {
  const standard: FlagSpecs = standardFlags;
  for (const [key, entry] of Object.entries(own)) {
    const replaced = standard[key];
    if (replaced !== undefined && replaced.flag !== entry.flag) {
      throw new InternalError(`config key "${key}" is a standard flag (--${replaced.flag}); redeclare it with that flag name`, {
        field: `--${entry.flag}`,
      });
    }
  }
  return { ...standardFlags, ...own };
}
