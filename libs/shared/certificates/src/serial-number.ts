import { randomBytes } from 'node:crypto';

/**
 * A random 128-bit serial (CA/B Forum asks for at least 64 bits of entropy). The top bit is
 * cleared so the DER INTEGER stays positive, and a bit below it is set so it never starts with 00.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}
