// A small, strict option parser: `-f x`, `--filename x`, `--filename=x`, boolean `--short`.
// Unknown options and missing values are usage errors (exit 2), reported in one line.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface OptionSpec {
  /** Long name without dashes, as Istio spells it (`injectConfigFile`). */
  readonly name: string;
  readonly short?: string;
  readonly kind: 'string' | 'boolean';
  readonly description: string;
  readonly valueName?: string;
}

export interface ParsedArguments {
  readonly options: Readonly<Record<string, string | boolean>>;
  readonly positionals: readonly string[];
}

export function parseArguments(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArguments {
  const options: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const [flag, inlineValue] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const spec = specs.find((candidate) => flag === `--${candidate.name}` || (candidate.short !== undefined && flag === `-${candidate.short}`));
    if (!spec) {
      const known = specs.map((candidate) => `--${candidate.name}`).join(', ') || 'none';
      throw new UsageError(`${command}: unknown flag ${flag} (flags: ${known})`);
    }
    if (spec.kind === 'boolean') {
      if (inlineValue !== undefined && inlineValue !== 'true' && inlineValue !== 'false') {
        throw new UsageError(`${command}: --${spec.name} takes true or false, not "${inlineValue}"`);
      }
      options[spec.name] = inlineValue !== 'false';
      continue;
    }
    const value = inlineValue ?? argv[index + 1];
    if (value === undefined || (inlineValue === undefined && value.startsWith('-') && value !== '-')) {
      throw new UsageError(`${command}: --${spec.name} needs a value`);
    }
    if (inlineValue === undefined) index += 1;
    options[spec.name] = value;
  }
  return { options, positionals };
}

export function formatOptions(specs: readonly OptionSpec[]): string {
  return specs
    .map((spec) => {
      const names = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.kind === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
      return `  ${names.padEnd(34)} ${spec.description}`;
    })
    .join('\n');
}
