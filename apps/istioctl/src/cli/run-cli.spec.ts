import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CliIo } from './cli-io';
import { runCli } from './run-cli';

const SAMPLES = process.env['ISTIO_SAMPLES'] ?? join(__dirname, '../../../../../shared/istio-samples');

interface FakeIo extends CliIo {
  out: string;
  err: string;
  files: Map<string, string>;
}

function fakeIo(stdin = ''): FakeIo {
  const io: FakeIo = {
    out: '',
    err: '',
    files: new Map(),
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    readStdin: async () => stdin,
    readFile: async (path) => {
      if (io.files.has(path)) return io.files.get(path) as string;
      return readFile(path, 'utf8').catch(() => Promise.reject(new Error(`cannot read ${path}: no such file or directory`)));
    },
    writeFile: async (path, text) => void io.files.set(path, text),
  };
  return io;
}

const kinds = (yaml: string): string[] => parseAllDocuments(yaml).map((doc) => String((doc.toJS() as { kind?: string } | null)?.kind));

describe('istioctl', () => {
  it('injects every workload of bookinfo and passes the rest through', async () => {
    const io = fakeIo();
    const code = await runCli(['kube-inject', '-f', join(SAMPLES, 'samples/bookinfo/platform/kube/bookinfo.yaml')], io);
    expect(code).toBe(0);
    expect(io.err).toBe('');
    const docs = parseAllDocuments(io.out).map((doc) => doc.toJS() as { kind: string; spec?: { template?: { spec: { containers: { name: string }[] } } } } | null);
    const deployments = docs.filter((doc) => doc?.kind === 'Deployment');
    expect(deployments).toHaveLength(6);
    for (const deployment of deployments) {
      expect(deployment?.spec?.template?.spec.containers.map((c) => c.name)).toContain('istio-proxy');
    }
    expect(kinds(io.out)).toEqual(expect.arrayContaining(['Service', 'ServiceAccount']));
  });

  it('reads stdin with -f -, writes -o, and takes chart values and mesh config files', async () => {
    const io = fakeIo(await readFile(join(SAMPLES, 'pilot/pkg/kube/inject/testdata/inject/hello.yaml'), 'utf8'));
    const dir = await mkdtemp(join(tmpdir(), 'istioctl-'));
    await writeFile(join(dir, 'mesh.yaml'), 'defaultConfig:\n  discoveryAddress: pilot.local:15010\n');
    const code = await runCli(
      ['kube-inject', '-f', '-', '-o', '/out.yaml', '--valuesFile', join(SAMPLES, 'install/kubernetes/helm/istio/values.yaml'), `--meshConfigFile=${join(dir, 'mesh.yaml')}`],
      io,
    );
    await rm(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(io.out).toBe('');
    const written = io.files.get('/out.yaml') as string;
    expect(written).toContain('image: gcr.io/istio-release/proxyv2:release-1.2-latest-daily');
    expect(written).toContain('- pilot.local:15010');
  });

  it('prints help, per-command help and the version', async () => {
    const io = fakeIo();
    expect(await runCli([], io)).toBe(0);
    expect(io.out).toContain('kube-inject');
    expect(await runCli(['help', 'kube-inject'], io)).toBe(0);
    expect(io.out).toContain('--injectConfigFile');
    expect(await runCli(['kube-inject', '--help'], io)).toBe(0);
    expect(await runCli(['version', '--short'], io)).toBe(0);
    expect(io.out).toMatch(/\n\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['frob'], 1, /^Error: unknown command "frob" for "istioctl"/],
    [['help', 'frob'], 1, /unknown command "frob"/],
    [['kube-inject'], 2, /^Error: kube-inject: filename not specified/],
    [['kube-inject', '-f'], 2, /--filename needs a value/],
    [['kube-inject', '-f', 'x.yaml', '--meshConfigMapName', 'istio'], 2, /unknown flag --meshConfigMapName/],
    [['kube-inject', '-f', 'x.yaml', 'extra'], 2, /unexpected argument "extra"/],
    [['version', '--short=maybe'], 2, /true or false/],
    [['kube-inject', '-f', '/no/such.yaml'], 1, /^Error: kube-inject: cannot read \/no\/such.yaml: no such file or directory\n$/],
    [['kube-inject', '-f', join(SAMPLES, 'pilot/pkg/kube/inject/testdata/inject/traffic-annotations-bad-excludeipranges.yaml')], 1, /excludeIPRanges invalid/],
    [['kube-inject', '-f', 'x.yaml', '--meshConfigFile', '/no/mesh.yaml'], 1, /--meshConfigFile: cannot read \/no\/mesh.yaml/],
  ])('%j exits %i with one clear error', async (argv, code, message) => {
    const io = fakeIo();
    expect(await runCli(argv, io)).toBe(code);
    expect(io.err).toMatch(message);
    expect(io.err.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
  });

  it('reports a document that is not YAML', async () => {
    const io = fakeIo('kind: Deployment\nspec: [unclosed\n');
    expect(await runCli(['kube-inject', '-f', '-'], io)).toBe(1);
    expect(io.err).toMatch(/^Error: kube-inject: stdin: document 1 is not valid YAML/);
  });
});
