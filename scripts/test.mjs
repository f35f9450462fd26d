// `npm test`: everything that needs no extra install, in one process tree:
//   1. type-check (tsc --noEmit, strict)   2. bundle (esbuild)   3. mocha over test/**/*.test.ts
//   (unit, fixtures, CLI, protocol, grammar, webview, oracle goldens; not test/e2e)
//   4. `mmlab test sample-workspaces --all-designs`
// Debian packages some tests need (chromium, neovim) are installed first when missing
// (scripts/test-deps.sh; set MMLAB_NO_INSTALL=1 to skip).
// Ends with one line "N passed, N failed" (mocha tests + scenario expectations) for CI.
import { spawn, spawnSync } from 'node:child_process';
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

// One mocha process per test folder, two at a time: memory stays bounded per folder
// (a long single process grew past V8's heap limit) and both cores are used.
const testRoot = join(root, 'test');
const groups = readdirSync(testRoot)
  .filter((d) => d !== 'e2e' && d !== 'fixtures' && statSync(join(testRoot, d)).isDirectory())
  .map((d) => ({ name: d, files: findTests(join(testRoot, d), []).sort() }))
  .filter((g) => g.files.length && (!only.length || only.some((o) => g.name.includes(o) || g.files.some((f) => relative(root, f).includes(o)))));

function findTests(dir, out) {
  for (const e of readdirSync(dir)) {
    const full = join(dir, e);
    if (e === 'node_modules' || e === 'fixtures') continue;
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (e.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

function runGroup(g) {
  return new Promise((resolve) => {
    const files = only.length ? g.files.filter((f) => only.some((o) => g.name.includes(o) || relative(root, f).includes(o))) : g.files;
    const child = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--require', 'tsx/cjs', '--timeout', '120000', '--reporter', 'spec', ...files], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=4096`.trim() },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const t0 = Date.now();
    child.on('close', (code) => {
      const passing = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
      const failing = Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
      // a crashed or silent process counts as a failure even if it printed no "failing" line
      const crashed = code !== 0 && failing === 0 ? 1 : 0;
      process.stdout.write(`\n== mocha test/${g.name} (${files.length} files, ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${code})\n${out}`);
      resolve({ passing, failing: failing + crashed });
    });
  });
}

process.stdout.write(`\n== mocha: ${groups.length} folders, 2 at a time\n`);
const queue = [...groups];
const results = [];
await Promise.all(
  [0, 1].map(async () => {
    while (queue.length) results.push(await runGroup(queue.shift()));
  }),
);
const stats = { passes: results.reduce((a, r) => a + r.passing, 0), failures: results.reduce((a, r) => a + r.failing, 0) };
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
