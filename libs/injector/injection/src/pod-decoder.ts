import { ValidationError } from '@tsmesh/shared-errors';
import { isPlainObject, type Pod, type PodTemplate } from './kube-types';

// Decoding is deliberately shallow: it checks only the fields injection reads, so that a
// pod from a newer Kubernetes (extra fields, managedFields, ...) still decodes, as it would
// with Istio's typed decoder that ignores unknown fields.

function fail(field: string, message: string): never {
  throw new ValidationError(message, { field });
}

function checkStringMap(value: unknown, field: string): void {
  if (value === undefined || value === null) return;
  if (!isPlainObject(value)) fail(field, 'must be a map of strings');
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') fail(`${field}.${key}`, 'must be a string');
  }
}

function checkNamedList(value: unknown, field: string): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) fail(field, 'must be a list');
  value.forEach((item: unknown, index) => {
    if (!isPlainObject(item)) fail(`${field}[${index}]`, 'must be an object');
    if (typeof item['name'] !== 'string') fail(`${field}[${index}].name`, 'must be a string');
  });
}

function checkContainers(value: unknown, field: string): void {
  checkNamedList(value, field);
  (Array.isArray(value) ? value : []).forEach((container: Record<string, unknown>, index) => {
    const ports = container['ports'];
    if (ports === undefined || ports === null) return;
    if (!Array.isArray(ports)) fail(`${field}[${index}].ports`, 'must be a list');
    ports.forEach((port: unknown, p) => {
      if (!isPlainObject(port) || !Number.isInteger(port['containerPort'])) {
        fail(`${field}[${index}].ports[${p}].containerPort`, 'must be an integer');
      }
    });
  });
}

function checkMetadata(value: unknown, field: string): void {
  if (value === undefined || value === null) return;
  if (!isPlainObject(value)) fail(field, 'must be an object');
  checkStringMap(value['labels'], `${field}.labels`);
  checkStringMap(value['annotations'], `${field}.annotations`);
  for (const key of ['name', 'namespace', 'generateName']) {
    if (value[key] !== undefined && typeof value[key] !== 'string') fail(`${field}.${key}`, 'must be a string');
  }
}

/** Validates and normalises a pod template ({metadata, spec}); returns a deep copy. */
export function decodePodTemplate(value: unknown, field = 'template'): PodTemplate {
  if (!isPlainObject(value)) fail(field, 'must be an object');
  checkMetadata(value['metadata'], `${field}.metadata`);
  const spec = value['spec'] ?? {};
  if (!isPlainObject(spec)) fail(`${field}.spec`, 'must be an object');
  checkContainers(spec['containers'], `${field}.spec.containers`);
  checkContainers(spec['initContainers'], `${field}.spec.initContainers`);
  checkNamedList(spec['volumes'], `${field}.spec.volumes`);
  checkNamedList(spec['imagePullSecrets'], `${field}.spec.imagePullSecrets`);
  if (spec['hostNetwork'] !== undefined && typeof spec['hostNetwork'] !== 'boolean') {
    fail(`${field}.spec.hostNetwork`, 'must be a boolean');
  }
  if (spec['serviceAccountName'] !== undefined && typeof spec['serviceAccountName'] !== 'string') {
    fail(`${field}.spec.serviceAccountName`, 'must be a string');
  }
  const copy = structuredClone(value) as PodTemplate;
  copy.spec = (copy.spec ?? {}) as PodTemplate['spec'];
  return copy;
}

/** Validates an admission request object as a core/v1 Pod. */
export function decodePod(value: unknown): Pod {
  if (!isPlainObject(value)) fail('object', 'must be a JSON object holding a Pod');
  if (value['kind'] !== undefined && value['kind'] !== 'Pod') fail('object.kind', `is ${String(value['kind'])}, want Pod`);
  if (!isPlainObject(value['spec'])) fail('object.spec', 'is missing; a Pod needs a spec');
  return decodePodTemplate(value, 'object') as Pod;
}

/** The containers list of a decoded spec, which Kubernetes allows to be absent in templates. */
export function containersOf(spec: { containers?: unknown }): Pod['spec']['containers'] {
  return Array.isArray(spec.containers) ? (spec.containers as Pod['spec']['containers']) : [];
}
