import { randomFillSync } from 'node:crypto';

/**
 * Trace and span ids from a pooled block of random bytes: one randomFillSync per 4 KiB instead
 * of a crypto call per id on the request path (ids need to be unique, not secret).
 */
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

export function randomHex(bytes: 8 | 16): string {
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const hex = POOL.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
