// `npm run bench [-- <name>...]`: runs benchmarks and records each result in bench/results/<name>.json.
// Benchmarks report ratios against a reference measured in the same run; they are never tests.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { galleyIngest } from './galley-ingest';
import { pilotScale } from './pilot-scale/pilot-scale';
import { sidecarBench } from './sidecar/sidecar-bench';
import { sidecarFiltersBench } from './sidecar-filters/sidecar-filters-bench';

const BENCHES: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
  'galley-ingest': galleyIngest,
  'pilot-scale': pilotScale,
  sidecar: sidecarBench,
  'sidecar-filters': sidecarFiltersBench,
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  const resultsDir = resolve(__dirname, '../../bench/results');
  await mkdir(resultsDir, { recursive: true });
  for (const name of requested.length > 0 ? requested : Object.keys(BENCHES)) {
    const bench = BENCHES[name];
    if (!bench) continue;
    console.log(`bench ${name}...`);
    const result = { ...(await bench()), node: process.version, cpus: (await import('node:os')).cpus().length, recorded_at: new Date().toISOString() };
    await writeFile(join(resultsDir, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  }
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
