import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateTokenSigningKey, mintServiceAccountToken } from '@tsmesh/shared-certificates';
import { freePorts, type HarnessProcess, type ProcessHarness, waitForHttpOk } from '@tsmesh/shared-testing';

const WORKSPACE = resolve(__dirname, '../../..');
const LOOPBACK = '127.0.0.1';
// E2E_DIST_DIR runs the suite against another build of the apps (default dist/apps).
const DIST_DIR = process.env['E2E_DIST_DIR'] ?? join(WORKSPACE, 'dist/apps');
export const NAMESPACE = 'locality';

function distMain(app: string): string {
  const main = join(DIST_DIR, app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: npx nx run-many -t build -p galley,pilot,sidecar,citadel`);
  return main;
}

/**
 * citadel, galley (watching a config directory), pilot and one client sidecar in a given
 * locality (`--locality`, pilot-agent's ISTIO_LOCALITY, sent as the Envoy node's locality),
 * started from dist/apps the way tools/local-mesh does. Pilot can be restarted on the same
 * ports with other flags (it reads its mesh config file only at start-up); the sidecar reconnects.
 */
export class LocalityMesh {
  readonly configDir: string;
  /** The client pod's IP: a random 127/8 address, so its fixed Istio ports meet no other test's. */
  readonly clientIp = `127.${randomInt(100, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}`;
  pilot: HarnessProcess | undefined;
  sidecar: HarnessProcess | undefined;
  #ports: number[] = [];

  constructor(
    private readonly harness: ProcessHarness,
    private readonly stateDir: string,
  ) {
    this.configDir = join(stateDir, 'config');
  }

  private port(i: number): number {
    const p = this.#ports[i];
    if (p === undefined) throw new Error('mesh not started');
    return p;
  }

  /** Everything but pilot's flags and the client's locality is fixed; `pilotArgs` are pilot's extra flags. */
  async start(locality: string, pilotArgs: readonly string[]): Promise<void> {
    this.#ports = await freePorts(9);
    await mkdir(this.configDir, { recursive: true });
    const key = generateTokenSigningKey('ES256');
    const keyFile = join(this.stateDir, 'sa-verification-key.pem');
    await writeFile(keyFile, key.publicKeyPem);
    const citadel = this.harness.spawn('citadel', process.execPath, [
      distMain('citadel'), '--host', LOOPBACK, '--grpc-port', String(this.port(0)), '--monitoring-port', String(this.port(1)),
      '--root-dir', join(this.stateDir, 'citadel'), '--token-verification-key', keyFile,
    ]);
    const galley = this.harness.spawn('galley', process.execPath, [
      distMain('galley'), '--host', LOOPBACK, '--grpc-port', String(this.port(2)), '--monitoring-port', String(this.port(3)),
      '--config-dir', this.configDir, '--validation-port', String(this.port(4)), '--cert-dir', join(this.stateDir, 'galley'),
    ]);
    await waitForHttpOk(`http://${LOOPBACK}:${this.port(3)}/healthz/ready`, 60_000).catch((err: Error) => {
      throw new Error(`galley: ${err.message}\n${galley.output().slice(-3_000)}`);
    });
    await this.startPilot(pilotArgs);
    await waitForHttpOk(`http://${LOOPBACK}:${this.port(1)}/healthz/ready`, 60_000).catch((err: Error) => {
      throw new Error(`citadel: ${err.message}\n${citadel.output().slice(-3_000)}`);
    });
    const tokenFile = join(this.stateDir, 'client.jwt');
    await writeFile(tokenFile, mintServiceAccountToken({ signingKeyPem: key.privateKeyPem, namespace: NAMESPACE, serviceAccount: 'client' }), { mode: 0o600 });
    this.sidecar = this.harness.spawn('client/sidecar', process.execPath, [
      distMain('sidecar'), '--host', this.clientIp, '--monitoring-port', '15020', '--admin-address', this.clientIp,
      '--pod-name', 'client-v1', '--namespace', NAMESPACE, '--pod-ip', this.clientIp, '--service-account', 'client', '--labels', 'app=client,version=v1',
      '--locality', locality, '--pilot-address', `${LOOPBACK}:${this.port(5)}`, '--citadel-address', `localhost:${this.port(0)}`,
      '--citadel-root-cert', join(this.stateDir, 'citadel', 'root-cert.pem'), '--token-file', tokenFile,
      '--certs-dir', join(this.stateDir, 'certs'), '--mixer-address', `${LOOPBACK}:${this.port(8)}`,
    ]);
    const sidecar = this.sidecar;
    await waitForHttpOk(`http://${this.clientIp}:15020/healthz/ready`, 60_000).catch((err: Error) => {
      throw new Error(`client sidecar not ready: ${err.message}\n${sidecar.output().slice(-3_000)}`);
    });
  }

  /** Pilot on its fixed ports with `args`; stops the running one first. */
  async startPilot(args: readonly string[]): Promise<void> {
    if (this.pilot) {
      this.pilot.child.kill('SIGTERM');
      await this.pilot.waitForExit(20_000);
    }
    const pilot = this.harness.spawn('pilot', process.execPath, [
      distMain('pilot'), '--host', LOOPBACK, '--grpc-port', String(this.port(5)), '--http-port', String(this.port(6)),
      '--monitoring-port', String(this.port(7)), '--galley-address', `${LOOPBACK}:${this.port(2)}`, ...args,
    ]);
    this.pilot = pilot;
    await waitForHttpOk(`http://${LOOPBACK}:${this.port(7)}/healthz/ready`, 60_000).catch((err: Error) => {
      throw new Error(`pilot: ${err.message}\n${pilot.output().slice(-3_000)}`);
    });
  }

  /** Writes a file outside galley's directory (pilot's mesh config) and returns its path. */
  async writeStateFile(name: string, text: string): Promise<string> {
    const path = join(this.stateDir, name);
    await writeFile(path, text);
    return path;
  }

  /** Adds or replaces one file in galley's config directory. */
  async applyConfig(file: string, yaml: string): Promise<void> {
    await writeFile(join(this.configDir, file), yaml);
  }

  async removeConfig(file: string): Promise<void> {
    await rm(join(this.configDir, file), { force: true });
  }
}
