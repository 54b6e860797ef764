import { mkdir, mkdtemp, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DirectorySource } from './directory-source';
import type { ConfigProblem, ParsedResource } from './parse';
import type { Snapshot } from './snapshot';

const svc = (name: string, port: number) => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: demo }
spec: { ports: [{ name: http, port: ${port} }] }
`;

describe('DirectorySource', () => {
  let dir: string;
  let source: DirectorySource;
  const snapshots: Array<{ snapshot: Snapshot; problems: readonly ConfigProblem[] }> = [];
  const services = () => snapshots.at(-1)?.snapshot.collections.get('k8s/core/v1/services')?.resources ?? [];
  const waitForSnapshots = async (count: number) => {
    const deadline = Date.now() + 5000;
    while (snapshots.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(snapshots.length).toBeGreaterThanOrEqual(count);
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'galley-src-'));
    snapshots.length = 0;
  });
  afterEach(async () => {
    source?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const start = async () => {
    source = new DirectorySource({ dir, debounceMs: 50, log: pino({ level: 'silent' }), onSnapshot: (snapshot, problems) => snapshots.push({ snapshot, problems }) });
    await source.start();
  };

  it('loads a tree recursively and reacts to adds, edits and deletes', async () => {
    await writeFile(join(dir, 'a.yaml'), svc('a', 80));
    await start();
    expect(services().map((r) => r.name)).toEqual(['demo/a']);

    await writeFile(join(dir, 'b.yml'), svc('b', 81));
    await waitForSnapshots(2);
    await new Promise((r) => setTimeout(r, 150));
    expect(services().map((r) => r.name)).toEqual(['demo/a', 'demo/b']);

    const before = snapshots.length;
    await unlink(join(dir, 'a.yaml'));
    await waitForSnapshots(before + 1);
    await new Promise((r) => setTimeout(r, 150));
    expect(services().map((r) => r.name)).toEqual(['demo/b']);
  });

  it('sees every save of a file an editor replaces by rename, at once, in the root and in subdirectories', async () => {
    await mkdir(join(dir, 'team'));
    await writeFile(join(dir, 'a.yaml'), svc('a', 80));
    await writeFile(join(dir, 'team', 'b.yaml'), svc('b', 90));
    // No periodic rescan within the test: only the watchers can bring the changes in.
    source = new DirectorySource({ dir, debounceMs: 20, resyncMs: 600_000, log: pino({ level: 'silent' }), onSnapshot: (snapshot, problems) => snapshots.push({ snapshot, problems }) });
    await source.start();
    const portOf = (name: string) => (services().find((r) => r.name === `demo/${name}`)?.body as { spec?: { ports?: { port: number }[] } } | undefined)?.spec?.ports?.[0]?.port;
    const saveByRename = async (file: string, yaml: string) => {
      await writeFile(`${file}.swp`, yaml);
      await rename(`${file}.swp`, file);
    };
    const eventually = async (name: string, port: number) => {
      const deadline = Date.now() + 3000;
      while (portOf(name) !== port && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(portOf(name)).toBe(port);
    };
    for (const port of [81, 82, 83]) {
      await saveByRename(join(dir, 'a.yaml'), svc('a', port));
      await eventually('a', port);
    }
    await writeFile(join(dir, 'a.yaml'), svc('a', 84));
    await eventually('a', 84);
    for (const port of [91, 92]) {
      await saveByRename(join(dir, 'team', 'b.yaml'), svc('b', port));
      await eventually('b', port);
    }
    // A directory created later is watched too.
    await mkdir(join(dir, 'later'));
    await writeFile(join(dir, 'later', 'c.yaml'), svc('c', 70));
    await eventually('c', 70);
    await saveByRename(join(dir, 'later', 'c.yaml'), svc('c', 71));
    await eventually('c', 71);
  });

  it('validates each file against the others and re-validates every file when an attributemanifest changes', async () => {
    const instance = `apiVersion: config.istio.io/v1alpha2
kind: instance
metadata: { name: tenantcount, namespace: istio-system }
spec: { compiledTemplate: metric, params: { value: "1", dimensions: { tenant: tenant.id } } }
`;
    const manifest = `apiVersion: config.istio.io/v1alpha2
kind: attributemanifest
metadata: { name: tenant, namespace: istio-system }
spec: { attributes: { tenant.id: { valueType: STRING } } }
`;
    // Stands in for galley's validation: an instance needs a manifest among its peers.
    const seen: string[][] = [];
    const validate = (r: ParsedResource, peers: readonly ParsedResource[]): ConfigProblem[] => {
      if (r.kind !== 'instance') return [];
      seen.push(peers.map((p) => p.key));
      return peers.some((p) => p.kind === 'attributemanifest') ? [] : [{ file: r.file, line: r.line, field: 'spec.params.dimensions.tenant', reason: "unknown attribute 'tenant.id'" }];
    };
    const instances = () => snapshots.at(-1)?.snapshot.collections.get('istio/policy/v1beta1/instances')?.resources ?? [];
    await writeFile(join(dir, 'instance.yaml'), instance);
    await writeFile(join(dir, 'svc.yaml'), svc('a', 80));
    source = new DirectorySource({ dir, debounceMs: 50, log: pino({ level: 'silent' }), validate, onSnapshot: (snapshot, problems) => snapshots.push({ snapshot, problems }) });
    await source.start();
    expect(instances()).toEqual([]);
    expect(snapshots.at(-1)?.problems.map((p) => p.reason)).toEqual(["unknown attribute 'tenant.id'"]);
    expect(seen.at(-1)?.sort()).toEqual(['demo/a', 'istio-system/tenantcount']);

    // instance.yaml itself is unchanged: the new manifest alone gets it accepted.
    await writeFile(join(dir, 'manifest.yaml'), manifest);
    const deadline = Date.now() + 5000;
    while (instances().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(instances().map((r) => r.name)).toEqual(['istio-system/tenantcount']);
    expect(snapshots.at(-1)?.problems).toEqual([]);
    expect(seen.at(-1)?.sort()).toEqual(['demo/a', 'istio-system/tenant', 'istio-system/tenantcount']);
  });

  it('keeps the last good version of a file that turns bad, and reports why', async () => {
    await writeFile(join(dir, 'a.yaml'), svc('a', 80));
    await writeFile(join(dir, 'other.yaml'), svc('other', 90));
    await start();
    const goodVersion = services().find((r) => r.name === 'demo/a')?.version;

    await writeFile(join(dir, 'a.yaml'), 'apiVersion: networking.istio.io/v1alpha3\nkind: Nope\nmetadata: {name: x}\n');
    await waitForSnapshots(2);
    await new Promise((r) => setTimeout(r, 150));
    const last = snapshots.at(-1);
    expect(services().map((r) => [r.name, r.version])).toEqual([['demo/a', goodVersion], ['demo/other', expect.any(String)]]);
    expect(last?.problems.map((p) => p.reason)).toEqual(['unknown kind networking.istio.io/v1alpha3 Nope']);
  });

  it('fails to start on a missing directory with a clear error', async () => {
    source = new DirectorySource({ dir: join(dir, 'missing'), debounceMs: 10, log: pino({ level: 'silent' }), onSnapshot: () => undefined });
    await expect(source.start()).rejects.toThrow(/config directory .* does not exist/);
  });

  it('reports duplicates across files and keeps the first definition', async () => {
    await writeFile(join(dir, '1.yaml'), svc('a', 80));
    await writeFile(join(dir, '2.yaml'), svc('a', 81));
    await start();
    expect(services()).toHaveLength(1);
    expect(snapshots[0]?.problems[0]?.reason).toMatch(/duplicate resource: already defined at .*1\.yaml:1/);
  });

  it('refuses oversized, binary and non-UTF-8 files one by one and keeps serving the rest', async () => {
    await writeFile(join(dir, 'good.yaml'), svc('good', 80));
    await writeFile(join(dir, 'huge.yaml'), `# ${'x'.repeat(2048)}\n${svc('huge', 81)}`);
    await writeFile(join(dir, 'junk.yaml'), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00]));
    await writeFile(join(dir, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    source = new DirectorySource({ dir, debounceMs: 10, maxFileBytes: 1024, log: pino({ level: 'silent' }), onSnapshot: (snapshot, problems) => snapshots.push({ snapshot, problems }) });
    await source.start();
    expect(services().map((r) => r.name)).toEqual(['demo/good']);
    const reasons = Object.fromEntries(source.problems().map((p) => [p.file.split('/').pop(), p.reason]));
    expect(reasons['huge.yaml']).toMatch(/over the 1024-byte limit/);
    expect(reasons['junk.yaml']).toMatch(/not a text file/);
    expect(reasons['latin1.yaml']).toMatch(/not valid UTF-8/);
  });

  it('follows symlinks to files and directories, and reports loops and broken links', async () => {
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'a.yaml'), svc('a', 80));
    await mkdir(join(dir, 'outside'));
    await writeFile(join(dir, 'outside', 'b.txt'), svc('b', 81));
    await symlink(join(dir, 'outside', 'b.txt'), join(dir, 'b.yaml'));
    await symlink(dir, join(dir, 'real', 'loop'));
    await symlink(join(dir, 'nowhere.yaml'), join(dir, 'broken.yaml'));
    await start();
    expect(services().map((r) => r.name)).toEqual(['demo/a', 'demo/b']);
    const reasons = source.problems().map((p) => p.reason);
    expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(/symlink loop/), expect.stringMatching(/broken symlink/)]));
  });
});
