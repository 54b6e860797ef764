import type { Command } from './command';
import { createHelpCommand } from './help';
import { kubeInjectCommand } from './kube-inject';
import { proxyConfigCommand } from './proxy-config';
import { proxyStatusCommand } from './proxy-status';
import { validateCommand } from './validate';
import { versionCommand } from './version';

// Every istioctl verb, listed explicitly: a new verb (validate, proxy-status, proxy-config, ...)
// is one module under commands/ plus one line here.
export const COMMANDS: readonly Command[] = [kubeInjectCommand, proxyConfigCommand, proxyStatusCommand, validateCommand, versionCommand, createHelpCommand(() => COMMANDS)];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
