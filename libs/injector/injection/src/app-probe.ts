import { Annotation } from './annotations';
import { goJsonMarshal } from './go-json';
import type { Container, HttpGetAction, Probe } from './kube-types';
import type { SidecarSpec } from './sidecar-spec';
import { PROXY_CONTAINER_NAME } from './traffic-ports';

// HTTP probe rewriting (Istio 1.2 app_probe.go). With mTLS the kubelet cannot reach the app
// through Envoy, so the app's HTTP probes are pointed at the agent's status port
// (/app-health/<container>/readyz|livez) and the agent is told the original targets in
// ISTIO_KUBE_APP_PROBERS.

export const KUBE_APP_PROBERS_ENV = 'ISTIO_KUBE_APP_PROBERS';
const STATUS_PORT_FLAG = /^-{1,2}statusPort(=(\d+))?$/;

/** Go's strconv.ParseBool. */
function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** The pod annotation wins when it parses as a bool; otherwise the template's setting. */
export function shouldRewriteAppHTTPProbers(annotations: Readonly<Record<string, string>> | undefined, sidecar: SidecarSpec): boolean {
  const annotated = annotations?.[Annotation.rewriteAppHTTPProbers];
  const parsed = annotated === undefined ? undefined : parseGoBool(annotated);
  return parsed ?? sidecar.rewriteAppHTTPProbe;
}

export function findSidecar<T extends Container>(containers: readonly T[]): T | undefined {
  return containers.find((container) => container.name === PROXY_CONTAINER_NAME);
}

/** The --statusPort in the sidecar's args, or undefined when absent or not a number. */
export function extractStatusPort(sidecar: Container): number | undefined {
  const args = sidecar.args ?? [];
  for (let index = 0; index < args.length; index += 1) {
    const match = STATUS_PORT_FLAG.exec((args[index] as string).trim());
    if (!match) continue;
    const text = match[2] ?? args[index + 1];
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  }
  return undefined;
}

export function proberPaths(containerName: string): { readyz: string; livez: string } {
  return { readyz: `/app-health/${containerName}/readyz`, livez: `/app-health/${containerName}/livez` };
}

/** Go's field order for HTTPGetAction, with its omitempty fields left out. */
function orderedAction(action: HttpGetAction): HttpGetAction {
  return {
    ...(action.path && { path: action.path }),
    port: action.port,
    ...(action.host && { host: action.host }),
    ...(action.scheme && { scheme: action.scheme }),
    ...(action.httpHeaders && action.httpHeaders.length > 0 && { httpHeaders: action.httpHeaders }),
  };
}

/** The probe redirected to the agent: same request, status port, prober path, HTTPS downgraded. */
export function convertAppProber(probe: Probe | undefined, path: string, statusPort: number): HttpGetAction | undefined {
  if (!probe?.httpGet) return undefined;
  const scheme = probe.httpGet.scheme === 'HTTPS' ? 'HTTP' : probe.httpGet.scheme;
  return orderedAction({ ...probe.httpGet, port: statusPort, path, ...(scheme !== undefined && { scheme }) });
}

function resolveNamedPort(probe: Probe | undefined, container: Container): HttpGetAction | undefined {
  const action = probe?.httpGet;
  if (!action) return undefined;
  if (typeof action.port === 'number') return orderedAction(action);
  const port = (container.ports ?? []).find((candidate) => candidate.name && candidate.name === action.port);
  return port ? orderedAction({ ...action, port: port.containerPort }) : undefined;
}

/** The JSON the agent reads from ISTIO_KUBE_APP_PROBERS: prober path -> original HTTP probe. */
export function dumpAppProbers(containers: readonly Container[]): string {
  const probers: Record<string, HttpGetAction> = {};
  for (const container of containers) {
    if (container.name === PROXY_CONTAINER_NAME) continue;
    const { readyz, livez } = proberPaths(container.name);
    const ready = resolveNamedPort(container.readinessProbe, container);
    const live = resolveNamedPort(container.livenessProbe, container);
    if (ready) probers[readyz] = ready;
    if (live) probers[livez] = live;
  }
  const sorted = Object.fromEntries(Object.keys(probers).sort().map((key) => [key, probers[key]]));
  return goJsonMarshal(sorted);
}
