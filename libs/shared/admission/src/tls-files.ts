import { createSecureContext } from 'node:tls';
import { readFile } from 'node:fs/promises';
import { ConfigError, describeError } from '@tsmesh/shared-errors';

// The serving certificate from files (--tls-cert-file/--tls-key-file), as a cluster install
// provides them. Checked at start-up so a wrong file stops the injector with the flag's name.

export interface TlsKeyPair {
  readonly cert: string;
  readonly key: string;
}

async function readPem(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${describeError(error)}`, { field: flag });
  }
}

export async function loadTlsFiles(certFile: string, keyFile: string): Promise<TlsKeyPair> {
  const [cert, key] = await Promise.all([readPem(certFile, '--tls-cert-file'), readPem(keyFile, '--tls-key-file')]);
  try {
    // Builds a TLS context once: catches non-PEM input and a key that does not match the cert.
    createSecureContext({ cert, key });
  } catch (error) {
    throw new ConfigError(`${certFile} and ${keyFile} are not a usable certificate/key pair: ${describeError(error)}`, {
      field: '--tls-cert-file',
    });
  }
  return { cert, key };
}
