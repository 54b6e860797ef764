import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { describeError } from '@tsmesh/shared-errors';
import { isExpired } from '@tsmesh/shared-certificates';
import { readIdentityFiles } from './cert-files';
import { type IdentityMaterial, materialFrom } from './identity-material';
import type { IssueSettings } from './issue-identity';

/**
 * A restarted sidecar keeps serving with the certificate it wrote last time, as long as it is
 * still ours, unexpired and issued under the root we trust now. Anything else is ignored (and
 * replaced by a fresh issuance), never fatal.
 */
export async function loadReusableIdentity(certsDir: string, settings: IssueSettings, log: Logger): Promise<IdentityMaterial | undefined> {
  try {
    const files = await readIdentityFiles(certsDir);
    if (!files) return undefined;
    const trustedRootPem = await readFile(settings.rootCertFile, 'utf8');
    const material = await materialFrom(files, { expectedSpiffeId: settings.spiffeId, trustedRootPem });
    if (isExpired(material)) return undefined;
    log.info({ serial: material.serialNumber, notAfter: material.notAfter }, 'reusing the workload certificate found on disk');
    return material;
  } catch (err) {
    log.info({ err: describeError(err) }, 'not reusing the certificate files on disk');
    return undefined;
  }
}
