import { join } from 'node:path';
import type { CliIo } from '../cli/cli-io';
import { runCli } from '../cli/run-cli';

const SAMPLES = process.env['ISTIO_SAMPLES'] ?? join(__dirname, '../../../../../shared/istio-samples');

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    readStdin: async () => '',
    readFile: async () => '',
    writeFile: async () => undefined,
  };
  return io;
}

describe('istioctl validate', () => {
  it('accepts Istio 1.2 bookinfo networking config (a directory) and exits 0', async () => {
    const io = captureIo();
    const code = await runCli(['validate', '-f', join(SAMPLES, 'samples/bookinfo/networking')], io);
    expect(io.out).toMatch(/^valid: \d+ resources in \d+ files, 0 errors/m);
    expect(code).toBe(0);
  });

  it('rejects invalid config with file, resource and field path, and exits 1', async () => {
    const io = captureIo();
    const code = await runCli(['validate', '-f', join(SAMPLES, 'tests/e2e/tests/galley/testdata/networking-v1alpha3-VirtualService-invalid.yaml')], io);
    expect(code).toBe(1);
    expect(io.out).toMatch(/^Error: .*VirtualService-invalid\.yaml:\d+: VirtualService \S+: spec\./m);
    expect(io.out).toMatch(/^invalid: 1 resource in 1 file, [1-9]\d* errors?/m);
  });

  it('reports JSON with -o json, and warnings do not fail', async () => {
    const io = captureIo();
    const code = await runCli(['validate', '-o', 'json', join(SAMPLES, 'samples/bookinfo/networking/virtual-service-all-v1.yaml')], io);
    const report = JSON.parse(io.out) as { valid: boolean; warnings: string[]; resources: number };
    expect(report.valid).toBe(true);
    expect(report.resources).toBe(4);
    expect(report.warnings.join('\n')).toMatch(/no DestinationRule/);
    expect(code).toBe(0);
  });

  it('fails on a missing file and on no arguments', async () => {
    const io = captureIo();
    expect(await runCli(['validate', '-f', '/nonexistent.yaml'], io)).toBe(1);
    expect(io.out).toMatch(/nonexistent\.yaml:0: no such file or directory/);
    expect(await runCli(['validate'], captureIo())).toBe(2);
  });
});
