import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateTokenSigningKey, mintServiceAccountToken } from '@tsmesh/shared-certificates';
import { freePorts, type HarnessProcess, type ProcessHarness, waitForHttpOk } from '@tsmesh/shared-testing';
import { NAMESPACE, type Pod, type Topology, workloadsYaml } from './topology';

const WORKSPACE = resolve(__dirname, '../../..');
const LOOPBACK = '127.0.0.1';
/** pilot-agent's status port; as in the local mesh, the sidecar's monitoring server serves it. */
const STATUS_PORT = 15020;

// E2E_DIST_DIR runs the scenarios against another build of the apps (default dist/apps).
const DIST_DIR = process.env['E2E_DIST_DIR'] ?? join(WORKSPACE, 'dist/apps');

function distMain(app: string): string {
  const main = join(DIST_DIR, app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: npx nx run-many -t build -p galley,pilot,sidecar,citadel`);
  return main;
}

interface Ports {
  readonly citadel: { grpc: number; monitoring: number };
  readonly galley: { grpc: number; validation: number; monitoring: number };
  readonly pilot: { grpc: number; http: number; monitoring: number };
  /** Nothing listens here: no Mixer in these scenarios, its reports are dropped. */
  readonly mixer: number;
}

/**
 * citadel, galley (watching `configDir`) and pilot from dist/apps, and one sidecar per pod, started
 * the way tools/local-mesh does. Galley and pilot can be stopped and started again on the same
 * ports, which is what the sidecars reconnect to.
 */
export class Mesh {
  readonly configDir: string;
  readonly sidecars = new Map<string, HarnessProcess>();
  galley: HarnessProcess | undefined;
  pilot: HarnessProcess | undefined;
  #ports: Ports | undefined;

  constructor(
    private readonly harness: ProcessHarness,
    private readonly stateDir: string,
    readonly topology: Topology,
  ) {
    this.configDir = join(stateDir, 'config');
  }

  private get ports(): Ports {
    if (!this.#ports) throw new Error('mesh not started');
    return this.#ports;
  }

  async start(): Promise<void> {
    const p = await freePorts(9);
    const at = (i: number) => p[i] ?? 0;
    this.#ports = {
      citadel: { grpc: at(0), monitoring: at(1) },
      galley: { grpc: at(2), validation: at(3), monitoring: at(4) },
      pilot: { grpc: at(5), http: at(6), monitoring: at(7) },
      mixer: at(8),
    };
    await mkdir(this.configDir, { recursive: true });
    await writeFile(join(this.configDir, 'workloads.yaml'), workloadsYaml(this.topology));
    const key = generateTokenSigningKey('ES256');
    const keyFile = join(this.stateDir, 'sa-verification-key.pem');
    await writeFile(keyFile, key.publicKeyPem);
    const citadel = this.harness.spawn('citadel', process.execPath, [
      distMain('citadel'), '--host', LOOPBACK, '--monitoring-port', String(this.ports.citadel.monitoring), '--grpc-port', String(this.ports.citadel.grpc),
      '--root-dir', join(this.stateDir, 'citadel'), '--token-verification-key', keyFile,
    ]);
    await this.startControlPlane();
    await waitForHttpOk(`http://${LOOPBACK}:${this.ports.citadel.monitoring}/healthz/ready`, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${citadel.output()}`);
    });
    const pods = [this.topology.client, ...this.topology.backends];
    for (const pod of pods) {
      const tokenFile = join(this.stateDir, `${pod.name}.jwt`);
      await writeFile(tokenFile, mintServiceAccountToken({ signingKeyPem: key.privateKeyPem, namespace: NAMESPACE, serviceAccount: pod.app }), { mode: 0o600 });
      this.sidecars.set(pod.name, this.startSidecar(pod, tokenFile));
    }
    for (const pod of pods) await this.waitSidecarReady(pod);
  }

  /** Galley, then pilot once galley is ready (pilot reads its config from galley). */
  async startControlPlane(): Promise<void> {
    const { galley, pilot } = this.ports;
    this.galley = this.harness.spawn('galley', process.execPath, [
      distMain('galley'), '--host', LOOPBACK, '--monitoring-port', String(galley.monitoring), '--grpc-port', String(galley.grpc),
      '--config-dir', this.configDir, '--validation-port', String(galley.validation), '--cert-dir', join(this.stateDir, 'galley'),
    ]);
    await waitForHttpOk(`http://${LOOPBACK}:${galley.monitoring}/healthz/ready`, 60_000);
    this.pilot = this.harness.spawn('pilot', process.execPath, [
      distMain('pilot'), '--host', LOOPBACK, '--monitoring-port', String(pilot.monitoring), '--grpc-port', String(pilot.grpc),
      '--http-port', String(pilot.http), '--galley-address', `${LOOPBACK}:${galley.grpc}`,
    ]);
    await waitForHttpOk(`http://${LOOPBACK}:${pilot.monitoring}/healthz/ready`, 60_000);
  }

  /** Both at once, the way a node failure takes them: `signal` to each, then wait until they are gone. */
  async stopControlPlane(signal: NodeJS.Signals): Promise<void> {
    const procs = [this.pilot, this.galley].filter((p): p is HarnessProcess => p !== undefined);
    for (const proc of procs) proc.child.kill(signal);
    await Promise.all(procs.map((proc) => proc.waitForExit(20_000)));
  }

  private startSidecar(pod: Pod, tokenFile: string): HarnessProcess {
    return this.harness.spawn(`${pod.name}/sidecar`, process.execPath, [
      distMain('sidecar'), '--host', pod.podIp, '--monitoring-port', String(STATUS_PORT), '--admin-address', pod.podIp,
      '--pod-name', pod.name, '--namespace', NAMESPACE, '--pod-ip', pod.podIp, '--service-account', pod.app,
      '--labels', `app=${pod.app},version=${pod.version}`, '--app-host', pod.appHost,
      '--pilot-address', `${LOOPBACK}:${this.ports.pilot.grpc}`, '--citadel-address', `localhost:${this.ports.citadel.grpc}`,
      '--citadel-root-cert', join(this.stateDir, 'citadel', 'root-cert.pem'), '--token-file', tokenFile,
      '--certs-dir', join(this.stateDir, 'certs', pod.name), '--mixer-address', `${LOOPBACK}:${this.ports.mixer}`,
    ]);
  }

  private async waitSidecarReady(pod: Pod): Promise<void> {
    const sidecar = this.sidecar(pod);
    await waitForHttpOk(`http://${pod.podIp}:${STATUS_PORT}/healthz/ready`, 60_000).catch((err: Error) => {
      throw new Error(`${pod.name} sidecar not ready: ${err.message}\n${sidecar.output().slice(-3_000)}`);
    });
  }

  sidecar(pod: Pod): HarnessProcess {
    const proc = this.sidecars.get(pod.name);
    if (!proc) throw new Error(`no sidecar for ${pod.name}`);
    return proc;
  }

  adminUrl(pod: Pod): string {
    return `http://${pod.podIp}:15000`;
  }

  /** Adds or replaces one file in galley's config directory. */
  async applyConfig(file: string, yaml: string): Promise<void> {
    await writeFile(join(this.configDir, file), yaml);
  }

  async removeConfig(file: string): Promise<void> {
    await rm(join(this.configDir, file), { force: true });
  }
}
