// `npm test`: everything that needs no extra install, in one process tree:
//   1. type-check (tsc --noEmit, strict)   2. bundle (esbuild)   3. mocha over test/**/*.test.ts
//   (unit, fixtures, CLI, protocol, grammar, webview, oracle goldens; not test/e2e)
//   4. `mmlab test sample-workspaces --all-designs`
// Debian packages some tests need (chromium, neovim) are installed first when missing
// (scripts/test-deps.sh; set MMLAB_NO_INSTALL=1 to skip).
// Ends with one line "N passed, N failed" (mocha tests + scenario expectations) for CI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const skipTypecheck = args.includes('--no-typecheck');

function step(name, cmd, cmdArgs) {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n== ${name} failed (exit ${r.status})`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

if (!process.env.MMLAB_NO_INSTALL) step('test dependencies (Debian: chromium, neovim)', 'bash', ['scripts/test-deps.sh']);
if (!skipTypecheck) step('typecheck', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.', '--noEmit']);
step('build', process.execPath, ['scripts/build.mjs']);

function findTests(dir, out) {
  for (const e of readdirSync(dir)) {
    const full = join(dir, e);
    if (e === 'node_modules' || e === 'fixtures' || e === 'e2e') continue;
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (e.endsWith('.test.ts')) out.push(full);
  }
  return out;
}
let files = findTests(join(root, 'test'), []).sort();
if (only.length) files = files.filter((f) => only.some((o) => relative(root, f).includes(o)));

process.stdout.write(`\n== mocha (${files.length} files)\n`);
require('tsx/cjs');
const Mocha = require('mocha');
const mocha = new Mocha({ reporter: process.env.CI ? 'dot' : 'spec', timeout: 60000 });
for (const f of files) mocha.addFile(f);
const stats = await new Promise((resolve) => {
  const runner = mocha.run(() => resolve(runner.stats));
});
let passed = stats.passes;
let failed = stats.failures;

if (!only.length && existsSync(join(root, 'sample-workspaces')) && existsSync(join(root, 'dist/cli.js'))) {
  process.stdout.write('\n== mmlab test sample-workspaces --all-designs\n');
  const r = spawnSync(process.execPath, ['dist/cli.js', 'test', 'sample-workspaces', '--all-designs', '--quiet'], { cwd: root, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  const m = /(\d+) passed, (\d+) failed/.exec(r.stdout);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (r.status !== 0 && !(m && Number(m[2]) > 0)) failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
