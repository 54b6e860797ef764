#!/usr/bin/env node
// `npm run codegen`: generates every gRPC/proto TypeScript module into
// libs/contracts/src/gen with ts-proto through buf. Output is never edited by hand
// and never committed; a stamp of the inputs makes a re-run with no changes instant.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ws = path.resolve(__dirname, '../..');
const rel = (...p) => path.join(ws, ...p);
const xdsDeps = rel('node_modules/@grpc/grpc-js-xds/deps');
const outDir = rel('libs/contracts/src/gen');
const stampFile = path.join(outDir, '.inputs-sha256');
const roots = JSON.parse(fs.readFileSync(rel('tools/codegen/roots.json'), 'utf8'));

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

function inputsDigest() {
  const h = crypto.createHash('sha256');
  const files = [
    ...listFiles(rel('proto')),
    rel('tools/codegen/roots.json'),
    rel('tools/codegen/buf.gen.yaml'),
    rel('tools/codegen/codegen.cjs'),
    rel('buf.yaml'),
    rel('node_modules/ts-proto/package.json'),
    rel('node_modules/@grpc/grpc-js-xds/package.json'),
  ].sort();
  for (const f of files) h.update(path.relative(ws, f)).update(fs.readFileSync(f));
  return h.digest('hex');
}

// grpc-js-xds ships a validate.proto older than its envoy-api expects: the *Rules
// messages lack `ignore_empty`. The overlay adds that field so buf can compile the tree.
function writeValidateOverlay() {
  const src = path.join(xdsDeps, 'protoc-gen-validate/validate/validate.proto');
  const text = fs.readFileSync(src, 'utf8').replace(/\r\n/g, '\n');
  const patched = text.replace(/^(message [A-Za-z0-9]+Rules \{)$/gm, '$1\n    optional bool ignore_empty = 1000;');
  const dest = rel('tmp/codegen/validate-overlay/validate/validate.proto');
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, patched);
}

function main() {
  const digest = inputsDigest();
  if (!process.argv.includes('--force') && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === digest) {
    console.log('codegen: up to date');
    return;
  }
  writeValidateOverlay();
  const paths = [
    ...roots.tsmesh,
    ...roots.envoy.map((r) => path.relative(ws, path.join(xdsDeps, 'envoy-api', r))),
  ];
  const args = ['generate', '--template', 'tools/codegen/buf.gen.yaml'];
  for (const p of paths) args.push('--path', p);
  const started = Date.now();
  try {
    execFileSync(rel('node_modules/.bin/buf'), args, { cwd: ws, stdio: 'inherit' });
  } catch {
    console.error('codegen: buf generate failed (see the errors above)');
    process.exit(1);
  }
  fs.writeFileSync(stampFile, digest);
  const count = listFiles(outDir).filter((f) => f.endsWith('.ts')).length;
  console.log(`codegen: ${count} files in ${path.relative(ws, outDir)} (${Date.now() - started} ms)`);
}

main();
