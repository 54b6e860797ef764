import { describeError, isMeshError, ValidationError } from '@tsmesh/shared-errors';
import { isPlainObject, type InjectorConfig } from '@tsmesh/injector-injection';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { injectWorkload, isWorkload } from './workload';
import { splitYamlDocuments } from './yaml-documents';

// `istioctl kube-inject`: every workload in a YAML stream gets the sidecar in its pod template;
// Lists are walked item by item; anything else (Services, ConfigMaps, ...) is written back as
// it came, so a whole application manifest can be piped through safely.

export type Warn = (message: string) => void;

export interface KubeInjectResult {
  readonly yaml: string;
  readonly injected: number;
  readonly skipped: number;
}

interface Counts {
  injected: number;
  skipped: number;
}

/** A nested error's reason without its code, so the outer error reads as one sentence. */
function reasonOf(error: unknown): string {
  if (isMeshError(error)) return error.field ? `${error.field}: ${error.message}` : error.message;
  return describeError(error);
}

function nameOf(object: Record<string, unknown>): string {
  const metadata = isPlainObject(object['metadata']) ? object['metadata'] : {};
  return `${String(object['kind'])}/${String(metadata['name'] ?? '')}`;
}

function injectObject(config: InjectorConfig, object: unknown, field: string, counts: Counts, warn: Warn): unknown {
  if (isPlainObject(object) && object['kind'] === 'List' && Array.isArray(object['items'])) {
    const items = object['items'].map((item: unknown, index) => injectObject(config, item, `${field}.items[${index}]`, counts, warn));
    return { ...object, items };
  }
  if (!isWorkload(object)) return object;
  const { object: result, skipped } = injectWorkload(config, object, field);
  if (skipped) {
    counts.skipped += 1;
    warn(`Skipping injection because ${nameOf(object)}: ${skipped}`);
  } else counts.injected += 1;
  return result;
}

/**
 * Output YAML in Kubernetes' style: keys sorted, long strings never folded. Written as YAML 1.1
 * because kubectl and other Go tools read 1.1: strings such as "yes", "on" or "n" must stay
 * quoted there, or `sidecar.istio.io/inject: yes` would come back as a boolean.
 */
export function toKubeYaml(object: unknown): string {
  return stringifyYaml(object, { sortMapEntries: true, lineWidth: 0, indentSeq: false, version: '1.1' });
}

/** Injects every workload of a multi-document YAML text and returns the new text. */
export function kubeInject(config: InjectorConfig, text: string, warn: Warn = () => undefined, source = 'input'): KubeInjectResult {
  const counts: Counts = { injected: 0, skipped: 0 };
  const out = splitYamlDocuments(text).map((raw, index) => {
    let parsed: unknown;
    try {
      parsed = parseYaml(raw);
    } catch (error) {
      throw new ValidationError(`document ${index + 1} is not valid YAML: ${describeError(error)}`, { source });
    }
    const isList = isPlainObject(parsed) && parsed['kind'] === 'List';
    if (!isWorkload(parsed) && !isList) return raw.endsWith('\n') ? raw : `${raw}\n`;
    try {
      return toKubeYaml(injectObject(config, parsed, `document[${index}]`, counts, warn));
    } catch (error) {
      throw new ValidationError(`document ${index + 1} (${nameOf(parsed as Record<string, unknown>)}): ${reasonOf(error)}`, { source });
    }
  });
  return { yaml: out.map((document) => `${document}---\n`).join(''), ...counts };
}
