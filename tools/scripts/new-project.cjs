#!/usr/bin/env node
// Scaffolds an Nx project the way every tsmesh project is laid out.
//   node tools/scripts/new-project.cjs lib libs/sidecar/filters scope:sidecar type:feature
//   node tools/scripts/new-project.cjs app apps/pilot scope:pilot type:app
// A lib gets the alias @tsmesh/<path-without-libs/ joined by '-'> in tsconfig.base.json.
const fs = require('node:fs');
const path = require('node:path');

const [kind, root, ...tags] = process.argv.slice(2);
if (!['lib', 'app', 'tool'].includes(kind) || !root || tags.length === 0) {
  console.error('usage: new-project.cjs <lib|app|tool> <root> <scope:x> <type:y>');
  process.exit(2);
}
const ws = path.resolve(__dirname, '../..');
const abs = path.join(ws, root);
const up = path.relative(abs, ws) || '.';
const segments = root.split('/').slice(1);
const name = kind === 'lib' ? segments.join('-') : segments[segments.length - 1];
const write = (file, body) => {
  const p = path.join(abs, file);
  if (fs.existsSync(p)) return;
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, body);
};

const targets = {};
if (kind !== 'lib') {
  targets.build = {
    executor: '@nx/esbuild:esbuild',
    outputs: ['{options.outputPath}'],
    options: {
      platform: 'node',
      outputPath: `dist/${root}`,
      format: ['cjs'],
      bundle: true,
      thirdParty: false,
      main: `${root}/src/main.ts`,
      tsConfig: `${root}/tsconfig.json`,
      generatePackageJson: true,
      sourcemap: true,
      esbuildOptions: { outExtension: { '.js': '.js' } },
    },
  };
}
targets.typecheck = {};
targets.lint = {};
write(
  'project.json',
  JSON.stringify(
    { name, $schema: `${up}/node_modules/nx/schemas/project-schema.json`, sourceRoot: `${root}/src`, projectType: kind === 'lib' ? 'library' : 'application', tags, targets },
    null,
    2,
  ) + '\n',
);
write(
  'tsconfig.json',
  JSON.stringify({ extends: `${up}/tsconfig.base.json`, compilerOptions: { types: ['node', 'jest'] }, include: ['src/**/*.ts'] }, null, 2) + '\n',
);
write(
  'jest.config.cjs',
  `module.exports = {\n  displayName: '${name}',\n  preset: '${up}/jest.preset.js',\n  coverageDirectory: '${up}/coverage/${root}',\n};\n`,
);
write(kind === 'lib' ? 'src/index.ts' : 'src/main.ts', kind === 'lib' ? 'export {};\n' : '');

if (kind === 'lib') {
  const basePath = path.join(ws, 'tsconfig.base.json');
  const base = JSON.parse(fs.readFileSync(basePath, 'utf8'));
  base.compilerOptions.paths[`@tsmesh/${name}`] = [`./${root}/src/index.ts`];
  base.compilerOptions.paths = Object.fromEntries(Object.entries(base.compilerOptions.paths).sort());
  fs.writeFileSync(basePath, JSON.stringify(base, null, 2) + '\n');
}
console.log(`created ${kind} ${name} at ${root}`);
