import { join } from 'node:path';
import type { ProcessPlan } from './supervisor';
import { type Workload, workloadLabels } from './workloads';
import { SIDECAR_NODE_FLAGS } from '@tsmesh/shared-runtime';

export interface ControlPlanePorts {
  readonly citadel: { grpc: number; monitoring: number };
  readonly galley: { grpc: number; validation: number; monitoring: number };
  readonly pilot: { grpc: number; http: number; monitoring: number };
  readonly mixer: { grpc: number; monitoring: number };
  readonly injector: { https: number; monitoring: number };
}

export interface PlanInputs {
  readonly node: string;
  readonly distDir: string;
  readonly stateDir: string;
  readonly configDir: string;
  readonly ports: ControlPlanePorts;
  readonly tokenVerificationKey: string;
}

const HOST = '127.0.0.1';
const url = (host: string, port: number) => `http://${host}:${port}`;

/** The control plane in start order: each component only needs those before it. */
export function controlPlanePlan(p: PlanInputs): ProcessPlan[] {
  const app = (name: string) => join(p.distDir, name, 'main.js');
  const common = (monitoring: number) => ['--host', HOST, '--monitoring-port', String(monitoring)];
  return [
    {
      name: 'citadel',
      command: p.node,
      args: [app('citadel'), ...common(p.ports.citadel.monitoring), '--grpc-port', String(p.ports.citadel.grpc), '--root-dir', join(p.stateDir, 'citadel'), '--token-verification-key', p.tokenVerificationKey],
      monitoringUrl: url(HOST, p.ports.citadel.monitoring),
    },
    {
      name: 'galley',
      command: p.node,
      args: [app('galley'), ...common(p.ports.galley.monitoring), '--grpc-port', String(p.ports.galley.grpc), '--config-dir', p.configDir, '--validation-port', String(p.ports.galley.validation), '--cert-dir', join(p.stateDir, 'galley')],
      monitoringUrl: url(HOST, p.ports.galley.monitoring),
    },
    {
      name: 'pilot',
      command: p.node,
      args: [app('pilot'), ...common(p.ports.pilot.monitoring), '--grpc-port', String(p.ports.pilot.grpc), '--http-port', String(p.ports.pilot.http), '--galley-address', `${HOST}:${p.ports.galley.grpc}`],
      monitoringUrl: url(HOST, p.ports.pilot.monitoring),
    },
    {
      name: 'mixer',
      command: p.node,
      args: [app('mixer'), ...common(p.ports.mixer.monitoring), '--grpc-port', String(p.ports.mixer.grpc)],
      monitoringUrl: url(HOST, p.ports.mixer.monitoring),
    },
    {
      name: 'injector',
      command: p.node,
      args: [app('injector'), ...common(p.ports.injector.monitoring), '--port', String(p.ports.injector.https), '--cert-dir', join(p.stateDir, 'injector')],
      monitoringUrl: url(HOST, p.ports.injector.monitoring),
    },
  ];
}

/** Sidecars bind Istio's real ports on their own pod IP, so they never clash with each other. */
export const SIDECAR_STATUS_PORT = 15020;

/** The sidecar's virtual outbound listener: the app sends every outgoing call there as to an HTTP proxy. */
export const SIDECAR_OUTBOUND_PORT = 15001;

export function workloadPlan(p: PlanInputs, w: Workload, tokenFile: string): ProcessPlan[] {
  const sidecar = sidecarPlan(p, w, tokenFile);
  if (w.proxyType === 'router') return [sidecar];
  const port = w.ports[0] ?? 9080;
  const proxy = url(w.podIp, SIDECAR_OUTBOUND_PORT);
  const appPlan: ProcessPlan = {
    name: `${w.name}/app`,
    command: p.node,
    args: [join(p.distDir, 'bookinfo', 'main.js'), '--service', w.app, '--version', w.version, '--host', w.appHost, '--port', String(port)],
    // What an iptables redirect does for a pod, done the explicit way: the app's HTTP client
    // sends its calls to the sidecar as its proxy, and nothing is exempt.
    env: { HTTP_PROXY: proxy, http_proxy: proxy, NO_PROXY: '', no_proxy: '' },
    probeUrl: `${url(w.appHost, port)}/health`,
  };
  return [appPlan, sidecar];
}

function sidecarPlan(p: PlanInputs, w: Workload, tokenFile: string): ProcessPlan {
  const labels = Object.entries(workloadLabels(w)).map(([k, v]) => `${k}=${v}`).join(',');
  // A gateway pod has no app: its proxy runs as a router and serves the Gateway listeners.
  const role = w.proxyType === 'router' ? ['--proxy-type', 'router'] : ['--app-host', w.appHost];
  return {
    name: `${w.name}/sidecar`,
    command: p.node,
    args: [
      ...SIDECAR_NODE_FLAGS,
      join(p.distDir, 'sidecar', 'main.js'),
      '--host', w.podIp,
      '--monitoring-port', String(SIDECAR_STATUS_PORT),
      // Every sidecar shares this host: admin binds the pod IP, not 127.0.0.1:15000.
      '--admin-address', w.podIp,
      '--pod-name', w.name,
      '--namespace', w.namespace,
      '--pod-ip', w.podIp,
      '--service-account', w.serviceAccount,
      '--labels', labels,
      ...role,
      '--pilot-address', `${HOST}:${p.ports.pilot.grpc}`,
      '--citadel-address', `localhost:${p.ports.citadel.grpc}`,
      '--citadel-root-cert', join(p.stateDir, 'citadel', 'root-cert.pem'),
      '--token-file', tokenFile,
      '--certs-dir', join(p.stateDir, 'certs', w.name),
      '--mixer-address', `${HOST}:${p.ports.mixer.grpc}`,
    ],
    monitoringUrl: url(w.podIp, SIDECAR_STATUS_PORT),
  };
}

/** Where the demo's product page answers: through the ingress gateway, and straight at productpage's sidecar. */
export function demoUrls(workloads: readonly Workload[]): { gateway?: string; sidecar?: string } {
  const gateway = workloads.find((w) => w.proxyType === 'router' && w.labels['istio'] === 'ingressgateway');
  const productpage = workloads.find((w) => w.proxyType === 'sidecar' && w.app === 'productpage');
  return {
    ...(gateway ? { gateway: `${url(gateway.podIp, gateway.ports[0] ?? 8080)}/productpage` } : {}),
    ...(productpage ? { sidecar: `${url(productpage.podIp, productpage.ports[0] ?? 9080)}/productpage` } : {}),
  };
}
