import type { Container } from './kube-types';
import { milliValue } from './resource-quantity';
import { PROXY_CONTAINER_NAME } from './traffic-ports';

// Istio 1.2 (concurrency.go): when the proxy's args do not set --concurrency, give Envoy one
// worker per CPU of the container's limit (or request), rounded up, appended as the last args.

const CONCURRENCY_FLAG = /^-{1,2}concurrency(=(\d+))?$/;

/** The --concurrency the args already carry, or 0 when absent or unreadable. */
export function extractConcurrency(args: readonly string[]): number {
  for (let index = 0; index < args.length; index += 1) {
    const match = CONCURRENCY_FLAG.exec((args[index] as string).trim());
    if (!match) continue;
    const text = match[2] ?? args[index + 1];
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : 0;
  }
  return 0;
}

function cpuCores(quantity: string | undefined): number {
  return quantity === undefined ? 0 : Math.ceil(milliValue(quantity) / 1000);
}

/** Returns the containers with the proxy's concurrency filled in from its CPU budget. */
export function applyConcurrency(containers: readonly Container[]): Container[] {
  return containers.map((container) => {
    if (container.name !== PROXY_CONTAINER_NAME || extractConcurrency(container.args ?? []) > 0) return container;
    const cores = cpuCores(container.resources?.limits?.cpu) || cpuCores(container.resources?.requests?.cpu);
    return cores > 0 ? { ...container, args: [...(container.args ?? []), '--concurrency', String(cores)] } : container;
  });
}
