import { open } from 'node:fs/promises';
import { describeError } from '@tsmesh/shared-errors';

/** Galley's default cap on one config file; Kubernetes objects are limited to about 1.5 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

export type ReadResult = { readonly text: string } | { readonly reason: string };

/** Reads a config file as UTF-8 text, refusing files that are too big or are not text. */
export async function readConfigFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadResult> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    if (size > maxBytes) return { reason: `file is ${size} bytes, over the ${maxBytes}-byte limit` };
    const bytes = await handle.readFile();
    if (bytes.includes(0)) return { reason: 'not a text file (contains NUL bytes)' };
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text };
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return { reason: 'not valid UTF-8 text' };
    return { reason: `cannot read: ${describeError(err)}` };
  } finally {
    await handle?.close();
  }
}
