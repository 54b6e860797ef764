// RFC 6902 JSON Patch with RFC 6901 pointers: the wire format of a mutating webhook's answer.
// `applyJsonPatch` is what the API server does with our patch; having it here lets tests
// prove a patch turns the original pod into exactly the injected one.

export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string };

/** Escapes one reference token: "~" -> "~0", "/" -> "~1" (in that order). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((token) => `/${escapePointerToken(String(token))}`).join('');
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`JSON pointer "${path}" must start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function arrayIndex(array: unknown[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new Error(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > array.length || (!forInsert && index === array.length)) throw new Error(`index ${index} is out of bounds`);
  return index;
}

function resolveParent(document: unknown, tokens: string[], path: string): { parent: Container; key: string } {
  let node = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false)];
    else if (typeof node === 'object' && node !== null && Object.hasOwn(node, token)) node = (node as Record<string, unknown>)[token];
    else throw new Error(`path "${path}" does not exist`);
  }
  if (typeof node !== 'object' || node === null) throw new Error(`path "${path}" has no container to change`);
  return { parent: node as Container, key: tokens.at(-1) as string };
}

function read(document: unknown, path: string): unknown {
  let node = document;
  for (const token of parsePointer(path)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false)];
    else if (typeof node === 'object' && node !== null && Object.hasOwn(node, token)) node = (node as Record<string, unknown>)[token];
    else throw new Error(`path "${path}" does not exist`);
  }
  return node;
}

function remove(document: unknown, path: string): unknown {
  const { parent, key } = resolveParent(document, parsePointer(path), path);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false), 1)[0];
  if (!Object.hasOwn(parent, key)) throw new Error(`path "${path}" does not exist`);
  const value = parent[key];
  delete parent[key];
  return value;
}

function add(document: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(document, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return document;
}

/** JSON value equality (RFC 6902 "test"): key order does not matter, array order does. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as never)[key], (b as never)[key]));
}

/** Applies a patch to a deep copy of `document`; throws on the first operation that fails. */
export function applyJsonPatch<T>(document: T, patch: readonly JsonPatchOperation[]): T {
  let result: unknown = structuredClone(document);
  patch.forEach((operation, index) => {
    try {
      switch (operation.op) {
        case 'add':
          result = add(result, operation.path, structuredClone(operation.value));
          break;
        case 'remove':
          remove(result, operation.path);
          break;
        case 'replace':
          read(result, operation.path);
          if (operation.path === '') result = structuredClone(operation.value);
          else {
            remove(result, operation.path);
            result = add(result, operation.path, structuredClone(operation.value));
          }
          break;
        case 'move':
          result = add(result, operation.path, remove(result, operation.from));
          break;
        case 'copy':
          result = add(result, operation.path, structuredClone(read(result, operation.from)));
          break;
        case 'test':
          if (!jsonEqual(read(result, operation.path), operation.value)) throw new Error('test failed');
          break;
      }
    } catch (error) {
      throw new Error(`patch operation ${index} (${operation.op} ${operation.path}): ${(error as Error).message}`);
    }
  });
  return result as T;
}
