import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { describeError, isMeshError, PeerUnavailableError } from '@tsmesh/shared-errors';
import { createCsr, generateKeyPair, isExpired, type KeyAlgorithm } from '@tsmesh/shared-certificates';
import { callCreateCertificate, type CitadelCredential } from './citadel-client';
import { CredentialUnavailableError } from './errors';
import { acceptIssuedChain, type IdentityMaterial } from './identity-material';

export interface IssueSettings {
  readonly citadelAddress: string;
  readonly citadelSpiffeId: string;
  readonly rootCertFile: string;
  readonly tokenFile: string;
  readonly spiffeId: string;
  /** 0 lets Citadel pick its default workload TTL. */
  readonly requestedTtlSeconds: number;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly requestTimeoutMs: number;
  readonly log: Logger;
}

/**
 * One issuance round, as pilot-agent/node-agent do it: a fresh key pair made here (the private key
 * never leaves the process except into the 0600 key file), a CSR for our SPIFFE ID, then
 * CreateCertificate authenticated by the current certificate when we still have a valid one,
 * else (or if Citadel refuses it) by the service-account token.
 */
export async function issueIdentity(settings: IssueSettings, current: IdentityMaterial | undefined): Promise<IdentityMaterial> {
  const trustedRootPem = await readRequiredFile(settings.rootCertFile, 'root cert file');
  const keys = await generateKeyPair(settings.keyAlgorithm);
  const csrPem = await createCsr({ keys, uris: [settings.spiffeId] });
  const credentials: Array<() => Promise<CitadelCredential>> = [];
  if (current && !isExpired(current)) {
    credentials.push(async () => ({ kind: 'mtls', certChainPem: current.certChainPem, keyPem: current.keyPem }));
  }
  credentials.push(async () => ({ kind: 'token', token: (await readRequiredFile(settings.tokenFile, 'token file')).trim() }));

  let lastError: unknown;
  for (const credential of credentials) {
    try {
      const certChain = await callCreateCertificate(
        {
          address: settings.citadelAddress,
          rootPem: trustedRootPem,
          citadelSpiffeId: settings.citadelSpiffeId,
          credential: await credential(),
          deadlineMs: settings.requestTimeoutMs,
        },
        csrPem,
        settings.requestedTtlSeconds,
      );
      return await acceptIssuedChain({ certChain, keys, expectedSpiffeId: settings.spiffeId, trustedRootPem });
    } catch (err) {
      // Citadel down: no other credential will help. Citadel said no: the next credential might.
      if (isMeshError(err, PeerUnavailableError)) throw err;
      settings.log.debug({ err: describeError(err) }, 'certificate request failed; trying the next credential');
      lastError = err;
    }
  }
  throw lastError;
}

async function readRequiredFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new CredentialUnavailableError(`${what} ${path} is not readable yet (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      source: path,
      cause: err,
    });
  }
}
