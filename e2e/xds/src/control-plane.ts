import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePorts, type HarnessProcess, type ProcessHarness, waitForHttpOk } from '@tsmesh/shared-testing';

const WORKSPACE = resolve(__dirname, '../../..');

function distMain(app: string): string {
  const main = join(WORKSPACE, 'dist/apps', app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: npx nx run-many -t build -p galley,pilot`);
  return main;
}

export interface ControlPlane {
  readonly galley: HarnessProcess;
  readonly pilot: HarnessProcess;
  readonly pilotAddress: string;
  readonly pilotDebug: string;
}

/** The real galley (watching `configDir`) and pilot processes from dist/, on free loopback ports. */
export async function startControlPlane(harness: ProcessHarness, configDir: string, stateDir: string): Promise<ControlPlane> {
  const [mcp, validation, galleyMon, grpc, http, pilotMon] = await freePorts(6);
  const galley = harness.spawn('galley', process.execPath, [
    distMain('galley'), '--grpc-port', String(mcp), '--config-dir', configDir, '--validation-port', String(validation),
    '--cert-dir', join(stateDir, 'galley'), '--monitoring-port', String(galleyMon),
  ]);
  await waitForHttpOk(`http://127.0.0.1:${galleyMon}/healthz/ready`, 60_000);
  const pilot = harness.spawn('pilot', process.execPath, [
    distMain('pilot'), '--grpc-port', String(grpc), '--http-port', String(http), '--galley-address', `127.0.0.1:${mcp}`, '--monitoring-port', String(pilotMon),
  ]);
  await waitForHttpOk(`http://127.0.0.1:${pilotMon}/healthz/ready`, 60_000);
  return { galley, pilot, pilotAddress: `127.0.0.1:${grpc}`, pilotDebug: `http://127.0.0.1:${http}` };
}

/**
 * The grpc-js-xds bootstrap: pilot as the xDS server over plaintext, and a node that pilot
 * recognizes as a proxyless gRPC client (GENERATOR: grpc) in `namespace`.
 */
export async function writeBootstrap(file: string, pilotAddress: string, namespace: string): Promise<void> {
  const bootstrap = {
    xds_servers: [{ server_uri: pilotAddress, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: {
      id: `sidecar~127.0.0.1~e2e-client.${namespace}~${namespace}.svc.cluster.local`,
      metadata: { GENERATOR: 'grpc', CONFIG_NAMESPACE: namespace, LABELS: { app: 'e2e-client' } },
      // grpc-js-xds rejects a node without a locality object.
      locality: {},
    },
  };
  await writeFile(file, JSON.stringify(bootstrap, null, 2));
}
