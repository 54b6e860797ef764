import { createProjectGraphAsync } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const WORKSPACE = resolve(__dirname, '../../..');

/**
 * Proves the lint rules encode DESIGN.md's arrows: forbidden imports fail lint, allowed ones
 * pass. Each case lints source text as if it were a file inside the named project.
 */
describe('module boundaries', () => {
  beforeAll(async () => {
    // The boundaries rule reads the cached project graph; make sure it exists and is current.
    await createProjectGraphAsync({ exitOnError: false });
  }, 60_000);

  /** Runs the real ESLint CLI on `source` as if it were `fileInProject`. */
  function lint(fileInProject: string, source: string): Array<{ ruleId: string | null; message: string }> {
    const eslintBin = join(WORKSPACE, 'node_modules/eslint/bin/eslint.js');
    const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', join(WORKSPACE, fileInProject)], {
      cwd: WORKSPACE,
      input: source,
      encoding: 'utf8',
    });
    if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
    const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
    return result?.messages ?? [];
  }

  async function boundaryErrors(fileInProject: string, source: string): Promise<string[]> {
    return lint(fileInProject, source).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  }

  it('forbids the sidecar from importing pilot code', async () => {
    const errors = await boundaryErrors('libs/sidecar/xds-client/src/probe.ts', "import { cdsGenerator } from '@tsmesh/pilot-xds';\nexport const g = cdsGenerator;\n");
    expect(errors).toEqual([expect.stringContaining('scope:sidecar" can only depend on libs tagged with "scope:sidecar", "scope:shared"')]);
  });

  it('forbids the sidecar app from importing pilot libs', async () => {
    const errors = await boundaryErrors('apps/sidecar/src/probe.ts', "import { Discovery } from '@tsmesh/pilot-xds';\nexport const d = Discovery;\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids apps from importing other apps', async () => {
    const errors = await boundaryErrors('apps/pilot/src/probe.ts', "import '../../galley/src/main';\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids shared libs from depending on component libs', async () => {
    const errors = await boundaryErrors('libs/shared/runtime/src/probe.ts', "import { McpSource } from '@tsmesh/galley-mcp-server';\nexport const m = McpSource;\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it('allows a component lib to use shared libs and contracts', async () => {
    const source = "import { ConfigError } from '@tsmesh/shared-errors';\nimport { XdsTypeUrl } from '@tsmesh/contracts';\nexport const x = [ConfigError, XdsTypeUrl];\n";
    expect(await boundaryErrors('libs/sidecar/xds-client/src/probe.ts', source)).toEqual([]);
  });

  it('limits non-generated files to 600 lines', async () => {
    const source = Array.from({ length: 601 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(lint('libs/shared/errors/src/probe.ts', source).map((m) => m.ruleId)).toContain('max-lines');
  });
});
