import { isIPv4, isIPv6 } from 'node:net';
import type { Container } from './kube-types';

// Port and CIDR lists as Istio 1.2 parses them (pilot/pkg/kube/inject/inject.go). The lists are
// split on "," without trimming entries, exactly like Go, so " 10.0.0.0/8" is rejected there too.

export const PROXY_CONTAINER_NAME = 'istio-proxy';

/** Parses one port like Go's strconv.ParseUint(TrimSpace(s), 10, 16). */
export function parsePort(text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > 65535) {
    throw new Error(`failed parsing port '${text}'`);
  }
  return Number(trimmed);
}

export function parsePorts(text: string): number[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(',').map(parsePort);
}

function validateCidr(cidr: string): void {
  const slash = cidr.indexOf('/');
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  const prefix = slash < 0 ? '' : cidr.slice(slash + 1);
  const maxPrefix = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (maxPrefix < 0 || !/^\d+$/.test(prefix) || Number(prefix) > maxPrefix) {
    throw new Error(`failed parsing cidr '${cidr}': invalid CIDR address: ${cidr}`);
  }
}

function validateCidrList(cidrs: string): void {
  if (cidrs.length > 0) cidrs.split(',').forEach(validateCidr);
}

function prefixed(parameter: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    throw new Error(`${parameter} invalid: ${(error as Error).message}`);
  }
}

function validatePortList(parameter: string, ports: string): void {
  prefixed(parameter, () => parsePorts(ports));
}

export function validateIncludeIPRanges(ranges: string): void {
  if (ranges !== '*') prefixed('includeIPRanges', () => validateCidrList(ranges));
}

export function validateExcludeIPRanges(ranges: string): void {
  prefixed('excludeIPRanges', () => validateCidrList(ranges));
}

export function validateIncludeInboundPorts(ports: string): void {
  if (ports !== '*') validatePortList('includeInboundPorts', ports);
}

export function validateExcludeInboundPorts(ports: string): void {
  validatePortList('excludeInboundPorts', ports);
}

export function validateExcludeOutboundPorts(ports: string): void {
  validatePortList('excludeOutboundPorts', ports);
}

export function validateReadinessApplicationPorts(ports: string): void {
  if (ports !== '*') validatePortList('readinessApplicationPorts', ports);
}

function containerPorts(containers: readonly Container[], include: (c: Container) => boolean): string {
  return containers
    .filter(include)
    .flatMap((container) => (container.ports ?? []).map((port) => String(port.containerPort)))
    .join(',');
}

/** Ports of the application containers (everything but the sidecar), comma separated. */
export function applicationPorts(containers: readonly Container[]): string {
  return containerPorts(containers, (container) => container.name !== PROXY_CONTAINER_NAME);
}

/** Ports of every container in the pod, comma separated. */
export function includeInboundPorts(containers: readonly Container[]): string {
  return containerPorts(containers, () => true);
}

/** Adds the status port to the excluded inbound ports unless it is 0/empty or already there. */
export function excludeInboundPort(statusPort: string, excluded: string): string {
  const port = statusPort.trim();
  if (port === '' || port === '0') return excluded;
  const kept: string[] = [];
  for (const entry of excluded.split(',')) {
    if (entry === port) return excluded;
    if (entry.trim() !== '') kept.push(entry.trim());
  }
  return [...kept, port].join(',');
}
