import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpSource } from '@tsmesh/galley-mcp-server';
import { DirectorySource, type Snapshot } from '@tsmesh/galley-source';
import { validateResource } from '@tsmesh/galley-validation';
import { startMcpSink } from '@tsmesh/shared-mcp';
import { startGrpcServer } from '@tsmesh/shared-runtime';
import pino from 'pino';
import { parseAllDocuments } from 'yaml';
import { generateConfig } from './generate-config';

const RESOURCES = 5000;
const DEBOUNCE_MS = 100;
const EDITS = 11;
const VS = 'istio/networking/v1alpha3/virtualservices';

/**
 * Galley's ingest path on 5,000 generated Bookinfo-like resources: read, parse, validate (Istio
 * 1.2 field rules, as galley runs them) and snapshot them, then the latency from one file edit
 * to the new snapshot at a connected MCP sink (median of 11 edits).
 * Reference in the same run: reading and YAML-parsing the same files and nothing else.
 */
export async function galleyIngest(): Promise<Record<string, unknown>> {
  const log = pino({ level: 'silent' });
  const dir = await mkdtemp(join(tmpdir(), 'bench-galley-'));
  try {
    const config = await generateConfig(dir, RESOURCES, 50, 20);
    // Warm the parser once so neither side pays for JIT compilation alone.
    await timeParseOnly(config.files.slice(0, 5));

    const mcp = new McpSource(log);
    const server = await startGrpcServer({ host: '127.0.0.1', port: 0, services: [mcp.service] });
    let latest: Snapshot | undefined;
    const source = new DirectorySource({ dir, debounceMs: DEBOUNCE_MS, log, validate: validateResource, onSnapshot: (s) => ((latest = s), mcp.setSnapshot(s)) });
    const ingestStart = performance.now();
    await source.start();
    const ingestMs = performance.now() - ingestStart;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    const parseOnlyMs = await timeParseOnly(config.files);
    const count = [...(latest?.collections.values() ?? [])].reduce((n, c) => n + c.resources.length, 0);
    if (count !== config.resources) throw new Error(`snapshot holds ${count} resources, expected ${config.resources}`);

    const versions: string[] = [];
    const waiters: Array<() => void> = [];
    const sink = startMcpSink({ address: server.address, sinkId: 'bench', collections: [VS], log, onUpdate: (u) => (versions.push(u.version), waiters.splice(0).forEach((w) => w())) });
    const nextVersion = async (after: number) => {
      while (versions.length <= after) await new Promise<void>((r) => waiters.push(r));
    };
    await nextVersion(0);
    const editLatencies: number[] = [];
    const target = config.files[0] ?? '';
    for (let i = 0; i < EDITS; i++) {
      const seen = versions.length;
      const text = await readFile(target, 'utf8');
      const started = performance.now();
      await writeFile(target, text.replace(/perTryTimeout: \d+s/, `perTryTimeout: ${3 + i}s`));
      await nextVersion(seen);
      editLatencies.push(performance.now() - started);
    }
    sink.stop();
    source.stop();
    await server.close(100);
    const editToSinkMs = median(editLatencies);
    return {
      resources: config.resources,
      files: config.files.length,
      ingest_ms: round(ingestMs),
      rss_mb: round(rssMb),
      edit_to_sink_ms: round(editToSinkMs),
      edit_to_sink_after_debounce_ms: round(editToSinkMs - DEBOUNCE_MS),
      debounce_ms: DEBOUNCE_MS,
      reference_parse_only_ms: round(parseOnlyMs),
      ratio_ingest_to_parse_only: round(ingestMs / parseOnlyMs),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function timeParseOnly(files: readonly string[]): Promise<number> {
  const started = performance.now();
  for (const file of files) for (const doc of parseAllDocuments(await readFile(file, 'utf8'))) doc.toJS();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const round = (n: number) => Math.round(n * 10) / 10;
