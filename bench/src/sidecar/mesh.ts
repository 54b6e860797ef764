import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { generateTokenSigningKey, mintServiceAccountToken } from '@tsmesh/shared-certificates';
import { SIDECAR_NODE_FLAGS } from '@tsmesh/shared-runtime';
import { freePorts, type HarnessProcess, type ProcessHarness, waitForHttpOk } from '@tsmesh/shared-testing';
import { pinnedCommand, PROXY_CORE, LOADGEN_CORE } from './cores';

/** The repository root (this file runs from dist/bench/main.js). */
export const WORKSPACE = resolve(__dirname, '../..');

export const NAMESPACE = 'bench';
export const SERVICE_PORT = 8080;
/** Its endpoint is the upstream itself: the client sidecar is the only proxy on the way. */
export const DIRECT_SERVICE = 'upstream-direct';
/** Its endpoint is the server pod: the client sidecar sends to the server sidecar's inbound listener. */
export const MESHED_SERVICE = 'upstream-meshed';
export const authority = (service: string): string => `${service}.${NAMESPACE}.svc.cluster.local:${SERVICE_PORT}`;

/** Istio's fixed sidecar ports, bound on each pod IP. */
export const OUTBOUND_PORT = 15001;
const ADMIN_PORT = 15000;
/** Each sidecar's admin API binds its pod IP (--admin-address), as in the local mesh. */
export const adminUrl = (podIp: string): string => `http://${podIp}:${ADMIN_PORT}`;
const STATUS_PORT = 15020;
const LOOPBACK = '127.0.0.1';

/** The two pods and the upstream's address, on a random /24 of 127/8 so fixed ports meet nobody else's. */
export interface Topology {
  readonly clientIp: string;
  readonly serverIp: string;
  readonly upstreamIp: string;
}

export function makeTopology(): Topology {
  const net = `127.${randomInt(100, 250)}.${randomInt(1, 250)}`;
  return { clientIp: `${net}.10`, serverIp: `${net}.11`, upstreamIp: `${net}.21` };
}

// BENCH_DIST_DIR runs another build of the apps (default dist/apps), e.g. a copy others' rebuilds leave alone.
const DIST_DIR = process.env['BENCH_DIST_DIR'] ?? join(WORKSPACE, 'dist/apps');

export function distMain(app: string): string {
  const main = join(DIST_DIR, app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: npx nx run-many -t build -p citadel,galley,pilot,mixer,sidecar`);
  return main;
}

/** Both services, their Endpoints and the two Pods, as the Kubernetes API would list them. */
export function workloadsYaml(t: Topology): string {
  const pod = (name: string, app: string, ip: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${NAMESPACE}, labels: {app: ${app}, version: v1}}\nspec:\n  serviceAccountName: ${app}\n  containers: [{name: ${app}, image: ${app}}]\nstatus: {podIP: ${ip}}\n`;
  const service = (name: string, address: string) => [
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${NAMESPACE}, labels: {app: ${name}}}\nspec:\n  selector: {app: ${name}}\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`,
    `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${name}, namespace: ${NAMESPACE}}\nsubsets:\n- addresses:\n  - ${address}\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`,
  ];
  return [
    ...service(DIRECT_SERVICE, `{ip: ${t.upstreamIp}}`),
    ...service(MESHED_SERVICE, `{ip: ${t.serverIp}, targetRef: {kind: Pod, name: server, namespace: ${NAMESPACE}}}`),
    pod('client', 'client', t.clientIp),
    pod('server', MESHED_SERVICE, t.serverIp),
  ].join('---\n');
}

export interface Mesh {
  readonly pilotHttp: string;
  readonly client: HarnessProcess;
  readonly server: HarnessProcess;
  readonly clientAdmin: string;
}

/**
 * citadel, galley (watching `configDir`), pilot and mixer from dist/apps, started as
 * tools/local-mesh does, then the client and server sidecars pinned to the proxy core. Each
 * sidecar's stdout (one access-log line per request) goes to a file, as a container runtime
 * would take it, so the bench process does not pay for reading it.
 */
export async function startMesh(harness: ProcessHarness, stateDir: string, configDir: string, t: Topology): Promise<Mesh> {
  const [citadelGrpc, citadelMon, galleyGrpc, galleyVal, galleyMon, pilotGrpc, pilotHttp, pilotMon, mixerGrpc, mixerMon] = await freePorts(10);
  const node = process.execPath;
  await mkdir(configDir, { recursive: true });
  await writeFile(join(configDir, 'workloads.yaml'), workloadsYaml(t));
  const key = generateTokenSigningKey('ES256');
  const keyFile = join(stateDir, 'sa-verification-key.pem');
  await writeFile(keyFile, key.publicKeyPem);
  const common = (mon: number | undefined) => ['--host', LOOPBACK, '--monitoring-port', String(mon)];
  const start = async (name: string, args: string[], mon: number | undefined, core?: number) => {
    const proc = core === undefined ? harness.spawn(name, node, args) : harness.spawn(name, ...pinnedCommand(core, node, args));
    await waitForHttpOk(`http://${LOOPBACK}:${mon}/healthz/ready`, 120_000).catch((err: Error) => {
      throw new Error(`${name} not ready: ${err.message}\n${proc.output().slice(-3_000)}`);
    });
    return proc;
  };
  await start('citadel', [distMain('citadel'), ...common(citadelMon), '--grpc-port', String(citadelGrpc), '--root-dir', join(stateDir, 'citadel'), '--token-verification-key', keyFile], citadelMon);
  await start('galley', [distMain('galley'), ...common(galleyMon), '--grpc-port', String(galleyGrpc), '--config-dir', configDir, '--validation-port', String(galleyVal), '--cert-dir', join(stateDir, 'galley'), '--max-file-size', String(64 * 1024 * 1024)], galleyMon);
  await start('pilot', [distMain('pilot'), ...common(pilotMon), '--grpc-port', String(pilotGrpc), '--http-port', String(pilotHttp), '--galley-address', `${LOOPBACK}:${galleyGrpc}`], pilotMon);
  // Mixer takes the sidecars' batched reports, as Istio 1.2's default telemetry does; it shares the load generator's core.
  await start('mixer', [distMain('mixer'), ...common(mixerMon), '--grpc-port', String(mixerGrpc)], mixerMon, LOADGEN_CORE);

  const sidecar = async (name: string, app: string, podIp: string, appHost: string) => {
    const tokenFile = join(stateDir, `${name}.jwt`);
    await writeFile(tokenFile, mintServiceAccountToken({ signingKeyPem: key.privateKeyPem, namespace: NAMESPACE, serviceAccount: app }), { mode: 0o600 });
    const args = [
      ...SIDECAR_NODE_FLAGS, ...extraNodeArgs(), distMain('sidecar'), '--host', podIp, '--monitoring-port', String(STATUS_PORT), '--admin-address', podIp,
      '--pod-name', name, '--namespace', NAMESPACE, '--pod-ip', podIp, '--service-account', app, '--labels', `app=${app},version=v1`,
      '--app-host', appHost, '--pilot-address', `${LOOPBACK}:${pilotGrpc}`, '--citadel-address', `localhost:${citadelGrpc}`,
      '--citadel-root-cert', join(stateDir, 'citadel', 'root-cert.pem'), '--token-file', tokenFile,
      '--certs-dir', join(stateDir, 'certs', name), '--mixer-address', `${LOOPBACK}:${mixerGrpc}`,
    ];
    // sh -c 'exec "$@" > "$0"' <log> <cmd...>: stdout to the log file, the same process (pid) runs the sidecar.
    const proc = harness.spawn(`${name}/sidecar`, ...pinnedCommand(PROXY_CORE, 'sh', ['-c', 'exec "$@" > "$0"', join(stateDir, `${name}-stdout.log`), node, ...args]));
    return { proc, ready: `http://${podIp}:${STATUS_PORT}/healthz/ready` };
  };
  const client = await sidecar('client', 'client', t.clientIp, t.clientIp);
  const server = await sidecar('server', MESHED_SERVICE, t.serverIp, t.upstreamIp);
  for (const s of [client, server]) {
    await waitForHttpOk(s.ready, 120_000).catch((err: Error) => {
      throw new Error(`${s.proc.name} not ready: ${err.message}\n${s.proc.output().slice(-3_000)} (stdout in ${stateDir})`);
    });
  }
  return { pilotHttp: `http://${LOOPBACK}:${pilotHttp}`, client: client.proc, server: server.proc, clientAdmin: adminUrl(t.clientIp) };
}

/** BENCH_SIDECAR_NODE_ARGS (space-separated), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, for profiling the sidecars. */
function extraNodeArgs(): string[] {
  return (process.env['BENCH_SIDECAR_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
}
