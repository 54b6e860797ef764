import { readFileSync } from 'node:fs';
import { KubernetesSource } from '@tsmesh/galley-kube-source';
import { type ConfigProblem, DirectorySource, type Snapshot } from '@tsmesh/galley-source';
import { validateResource } from '@tsmesh/galley-validation';
import { ConfigError } from '@tsmesh/shared-errors';
import { COLLECTIONS } from '@tsmesh/shared-mcp';
import type { Logger } from 'pino';

export interface ConfigSource {
  start(): Promise<void>;
  stop(): void | Promise<void>;
  problems(): readonly ConfigProblem[];
}

interface SourceFlags {
  readonly source: 'fs' | 'kube';
  readonly configDir: string;
  readonly kubeconfig: string;
  readonly kubeServer: string;
  readonly kubeTokenFile: string;
  readonly debounce: number;
  readonly maxFileSize: number;
}

/** The config source the flags ask for, validated the same way whichever it is. */
export function createConfigSource(flags: SourceFlags, log: Logger, onSnapshot: (s: Snapshot, p: readonly ConfigProblem[]) => void): ConfigSource {
  if (flags.source === 'fs') {
    if (flags.configDir === '') throw new ConfigError('required with --source fs', { field: '--config-dir' });
    return new DirectorySource({ dir: flags.configDir, debounceMs: flags.debounce, log, onSnapshot, maxFileBytes: flags.maxFileSize, validate: validateResource });
  }
  const connection = flags.kubeconfig !== ''
    ? { kubeconfig: flags.kubeconfig }
    : flags.kubeServer !== ''
      ? { server: flags.kubeServer, token: readFileSync(flags.kubeTokenFile, 'utf8').trim() }
      : undefined;
  if (!connection) throw new ConfigError('--source kube needs --kubeconfig or --kube-server', { field: '--kubeconfig' });
  return new KubernetesSource({ ...connection, collections: COLLECTIONS.map((c) => c.name), debounceMs: flags.debounce, log, onSnapshot, validate: validateResource });
}
