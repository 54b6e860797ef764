import { createHash } from 'node:crypto';
import type { GeneratedResource, XdsGenerator } from '../generators/generator';
import type { Proxy } from '../proxy';
import { memoized, type PushContext } from '../push-context';
import { proxyConfigKey } from '../scope/config-key';
import { contentDigest } from './content-digest';
import { checkResources, type ResourceProblem } from './resource-checks';

export { proxyConfigKey } from '../scope/config-key';

export interface CheckedOutput {
  readonly valid: GeneratedResource[];
  readonly problems: ResourceProblem[];
  readonly digest: string;
}

// A watch keeps its names array until the proxy changes them, so each array is hashed once.
const namesKeys = new WeakMap<readonly string[], string>();

function namesKey(names: readonly string[]): string {
  if (names.length === 0) return '*';
  let key = namesKeys.get(names);
  if (key === undefined) {
    key = createHash('sha1').update([...names].sort().join('\n')).digest('base64');
    namesKeys.set(names, key);
  }
  return key;
}

/** Generates (or reuses, within one push) a type's resources for a proxy, checked and fingerprinted. */
export function generateChecked(generator: XdsGenerator, proxy: Proxy, push: PushContext, names: readonly string[]): CheckedOutput {
  const key = `gen|${generator.typeUrl}|${proxyConfigKey(proxy, push)}|${namesKey(names)}`;
  return memoized(push, key, () => {
    const generated = generator.generate(proxy, push, names);
    const { valid, problems } = checkResources(generator.typeUrl, generated);
    return { valid, problems, digest: contentDigest(valid) };
  });
}
