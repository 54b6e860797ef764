import { join } from 'node:path';
import { build } from 'esbuild';
import { ProcessHarness } from './process-harness';
import { cleanup, makeTempDir } from './temp-dir';
import { waitFor } from './wait-for';

const node = process.execPath;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ProcessHarness', () => {
  const harness = new ProcessHarness(500);
  afterAll(async () => {
    await harness.stopAll();
    await cleanup();
  });

  it('captures stdout and stderr and reports the exit code', async () => {
    const proc = harness.spawn('echo', node, ['-e', 'console.log("out " + process.env.GREETING); console.error("err"); process.exit(3)'], {
      env: { GREETING: 'hello' },
    });
    await expect(proc.waitForOutput(/out (\w+)/)).resolves.toEqual(expect.arrayContaining(['out hello', 'hello']));
    await expect(proc.exited).resolves.toEqual({ code: 3, signal: null });
    expect(proc.output()).toContain('err');
    expect(proc.exit).toEqual({ code: 3, signal: null });
  });

  it('rejects waitForOutput when the process exits without printing the pattern', async () => {
    const proc = harness.spawn('quiet', node, ['-e', 'console.log("something else")']);
    await expect(proc.waitForOutput(/ready/, 5_000)).rejects.toThrow(/quiet exited \(code 0, signal null\) before printing \/ready\/; output:\nsomething else/);
  });

  it('rejects waitForOutput on timeout with the output so far', async () => {
    const proc = harness.spawn('slow', node, ['-e', 'console.log("booting"); setInterval(() => {}, 1000)']);
    await proc.waitForOutput(/booting/);
    await expect(proc.waitForOutput(/ready/, 300)).rejects.toThrow(/timed out after 300ms waiting for slow to print \/ready\/; output:\nbooting/);
    await expect(proc.stop(1_000)).resolves.toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('stops a process that ignores SIGTERM with SIGKILL after the grace period', async () => {
    const proc = harness.spawn('stubborn', node, ['-e', 'process.on("SIGTERM", () => console.log("ignoring")); console.log("up"); setInterval(() => {}, 1000)']);
    await proc.waitForOutput(/up/);
    const started = Date.now();
    await expect(proc.stop(300)).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(proc.output()).toContain('ignoring');
  });

  it('kills grandchildren with the process group', async () => {
    const script = [
      'const { spawn } = require("node:child_process");',
      'const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });',
      'console.log("grandchild " + child.pid);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const proc = harness.spawn('parent', node, ['-e', script]);
    const [, pidText] = await proc.waitForOutput(/grandchild (\d+)/);
    const grandchild = Number(pidText);
    expect(isAlive(grandchild)).toBe(true);
    await harness.stopAll();
    await waitFor(() => !isAlive(grandchild), { timeoutMs: 5_000, what: `grandchild ${grandchild} to die` });
  });

  it('kills leftover process groups when the test process exits without stopAll', async () => {
    // Run a harness inside a child node process that exits without stopAll(); the process it
    // spawned must not survive. The harness is bundled to plain JS so the child can load it.
    const dir = await makeTempDir('harness-');
    const bundle = join(dir, 'harness.js');
    await build({ entryPoints: [join(__dirname, 'process-harness.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'silent' });
    const inner = [
      `const { ProcessHarness } = require(${JSON.stringify(bundle)});`,
      'const proc = new ProcessHarness().spawn("orphan", process.execPath, ["-e", "setInterval(() => {}, 1000)"]);',
      'setTimeout(() => { console.log("orphan " + proc.pid); process.exit(0); }, 200);',
    ].join('\n');
    const outer = harness.spawn('outer', node, ['-e', inner]);
    const [, pidText] = await outer.waitForOutput(/orphan (\d+)/);
    await expect(outer.exited).resolves.toEqual({ code: 0, signal: null });
    await waitFor(() => !isAlive(Number(pidText)), { timeoutMs: 5_000, what: `orphan ${pidText} to die` });
  });
});
