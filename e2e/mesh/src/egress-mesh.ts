// The processes of the egress gateway e2e: citadel, galley (watching a config directory), pilot,
// the client's sidecar and the egress gateway (the sidecar binary with `--proxy-type router`),
// each started from dist/apps the way tools/local-mesh starts them.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateTokenSigningKey, mintServiceAccountToken } from '@tsmesh/shared-certificates';
import { freePorts, type HarnessProcess, type ProcessHarness, waitForHttpOk } from '@tsmesh/shared-testing';
import { type EgressTopology, type ProxyPod, workloadsYaml } from './egress-topology';
import { WORKSPACE } from './mesh-harness';

const LOOPBACK = '127.0.0.1';
/** pilot-agent's status port; as in the local mesh, the sidecar's monitoring server serves it. */
const STATUS_PORT = 15020;
// E2E_DIST_DIR runs the suite against another build of the apps (default dist/apps).
const DIST_DIR = process.env['E2E_DIST_DIR'] ?? join(WORKSPACE, 'dist/apps');

function distMain(app: string): string {
  const main = join(DIST_DIR, app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: npx nx run-many -t build -p galley,pilot,sidecar,citadel`);
  return main;
}

/** Waits for a process's /healthz/ready; the error carries the end of its output. */
async function ready(monitoringUrl: string, proc: HarnessProcess): Promise<void> {
  await waitForHttpOk(`${monitoringUrl}/healthz/ready`, 60_000).catch((err: Error) => {
    throw new Error(`${proc.name} not ready: ${err.message}\n${proc.output().slice(-3_000)}`);
  });
}

export class EgressMesh {
  readonly configDir: string;
  readonly #proxies = new Map<string, HarnessProcess>();

  constructor(
    private readonly harness: ProcessHarness,
    private readonly stateDir: string,
    readonly topology: EgressTopology,
  ) {
    this.configDir = join(stateDir, 'config');
  }

  /** Everything up and both proxies ready; `initialConfig` files are in galley's directory from the start. */
  async start(initialConfig: Readonly<Record<string, string>>): Promise<void> {
    const [citadelGrpc, citadelMon, galleyGrpc, galleyVal, galleyMon, pilotGrpc, pilotHttp, pilotMon, mixer] = await freePorts(9);
    const port = (p: number | undefined) => String(p ?? 0);
    await mkdir(this.configDir, { recursive: true });
    await writeFile(join(this.configDir, 'workloads.yaml'), workloadsYaml(this.topology));
    for (const [file, yaml] of Object.entries(initialConfig)) await this.apply(file, yaml);
    const key = generateTokenSigningKey('ES256');
    const keyFile = join(this.stateDir, 'sa-verification-key.pem');
    await writeFile(keyFile, key.publicKeyPem);
    const citadel = this.harness.spawn('citadel', process.execPath, [
      distMain('citadel'), '--host', LOOPBACK, '--monitoring-port', port(citadelMon), '--grpc-port', port(citadelGrpc),
      '--root-dir', join(this.stateDir, 'citadel'), '--token-verification-key', keyFile,
    ]);
    const galley = this.harness.spawn('galley', process.execPath, [
      distMain('galley'), '--host', LOOPBACK, '--monitoring-port', port(galleyMon), '--grpc-port', port(galleyGrpc),
      '--config-dir', this.configDir, '--validation-port', port(galleyVal), '--cert-dir', join(this.stateDir, 'galley'),
    ]);
    await ready(`http://${LOOPBACK}:${port(galleyMon)}`, galley);
    const pilot = this.harness.spawn('pilot', process.execPath, [
      distMain('pilot'), '--host', LOOPBACK, '--monitoring-port', port(pilotMon), '--grpc-port', port(pilotGrpc),
      '--http-port', port(pilotHttp), '--galley-address', `${LOOPBACK}:${port(galleyGrpc)}`,
    ]);
    await ready(`http://${LOOPBACK}:${port(pilotMon)}`, pilot);
    await ready(`http://${LOOPBACK}:${port(citadelMon)}`, citadel);
    const pods = [this.topology.client, this.topology.gateway];
    for (const pod of pods) {
      const tokenFile = join(this.stateDir, `${pod.name}.jwt`);
      await writeFile(tokenFile, mintServiceAccountToken({ signingKeyPem: key.privateKeyPem, namespace: pod.namespace, serviceAccount: pod.serviceAccount }), { mode: 0o600 });
      const labels = Object.entries(pod.labels).map(([k, v]) => `${k}=${v}`).join(',');
      // A gateway pod has no app: its proxy runs as a router and serves the Gateway listeners.
      // The client's sidecar has no inbound ports either: the test is its app, sending out only.
      const role = pod.router ? ['--proxy-type', 'router'] : ['--app-host', pod.podIp];
      this.#proxies.set(pod.name, this.harness.spawn(`${pod.name}/proxy`, process.execPath, [
        distMain('sidecar'), '--host', pod.podIp, '--monitoring-port', String(STATUS_PORT), '--admin-address', pod.podIp,
        '--pod-name', pod.name, '--namespace', pod.namespace, '--pod-ip', pod.podIp, '--service-account', pod.serviceAccount,
        '--labels', labels, ...role,
        '--pilot-address', `${LOOPBACK}:${port(pilotGrpc)}`, '--citadel-address', `localhost:${port(citadelGrpc)}`,
        '--citadel-root-cert', join(this.stateDir, 'citadel', 'root-cert.pem'), '--token-file', tokenFile,
        '--certs-dir', join(this.stateDir, 'certs', pod.name), '--mixer-address', `${LOOPBACK}:${port(mixer)}`,
      ]));
    }
    for (const pod of pods) await ready(`http://${pod.podIp}:${STATUS_PORT}`, this.proxy(pod));
  }

  proxy(pod: ProxyPod): HarnessProcess {
    const proc = this.#proxies.get(pod.name);
    if (!proc) throw new Error(`no proxy for ${pod.name}`);
    return proc;
  }

  adminUrl(pod: ProxyPod): string {
    return `http://${pod.podIp}:15000`;
  }

  /** `kubectl apply -f` of one file, written in place. */
  async apply(file: string, yaml: string): Promise<void> {
    await writeFile(join(this.configDir, file), yaml);
  }

  /** `kubectl delete -f` of one file: its resources go, the (now empty) file stays. */
  async delete(file: string): Promise<void> {
    await writeFile(join(this.configDir, file), '# (no resources: deleted by the test)\n');
  }
}
