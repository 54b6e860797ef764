// xds-load: simulates many Envoy sidecars on ADS against one pilot (see args.ts for the CLI).
import { createInterface } from 'node:readline';
import { describeError } from '@tsmesh/shared-errors';
import { USAGE, parseCliArgs } from './args';
import { LoadSimulator, probeServedKinds } from './load-simulator';

function emit(line: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`xds-load: ${describeError(err)}\n${USAGE}`);
    process.exit(2);
  }
  const kinds = args.kinds ?? (await probeServedKinds(args.address));
  emit({ event: 'kinds', kinds });
  const sim = await LoadSimulator.start({
    kinds,
    address: args.address,
    clients: args.clients,
    channels: args.channels,
    namespaces: args.namespaces,
    onPush: args.events
      ? (client, push) => emit({ event: 'push', client: client.proxy.index, ns: client.proxy.namespace, ...push })
      : undefined,
  });
  let done = false;
  // Streams reconnect on their own; only finish() ends the run, even if every stream is down.
  const keepRunning = setInterval(() => undefined, 60_000);
  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(keepRunning);
    emit({ event: 'summary', ...sim.summary() });
    sim.stop();
    setTimeout(() => process.exit(0), 100).unref();
  };
  process.on('SIGINT', finish);
  process.on('SIGTERM', finish);
  const stdin = createInterface({ input: process.stdin });
  stdin.on('line', (line) => {
    if (line.trim() === 'summary') emit({ event: 'summary', ...sim.summary() });
    if (line.trim() === 'stop') finish();
  });
  // stdin may be closed from the start (a supervisor's 'ignore'): only signals and "stop" end the run.
  try {
    emit({ event: 'configured', ...(await sim.waitForConfig(args.configTimeoutMs)) });
  } catch (err) {
    emit({ event: 'timeout', reason: err instanceof Error ? err.message : String(err), ...sim.summary() });
  }
}

main().catch((err: unknown) => {
  console.error(`xds-load: ${describeError(err)}`);
  process.exit(1);
});
