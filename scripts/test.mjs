// `npm test`: everything that needs no extra install, in one process tree:
//   1. type-check (tsc --noEmit, strict)   2. bundle (esbuild)   3. mocha over test/**/*.test.ts
//   (unit, fixtures, CLI, protocol, grammar, webview, oracle goldens; not test/e2e)
//   4. `mmlab test sample-workspaces --all-designs`
// Debian packages some tests need (chromium, neovim) are installed first when missing
// (scripts/test-deps.sh; set MMLAB_NO_INSTALL=1 to skip).
// Ends with one line "N passed, N failed" (mocha tests + scenario expectations) for CI, after
// naming every folder that failed, crashed while loading, or was killed (past its time limit, or
// alive after its tests finished), and the suites skipped because the
// outside conformance scenarios (../shared/conformance) are not beside the checkout.
// MMLAB_TEST_ROOT runs another folder of test folders (the runner's own test uses a fixture).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const skipTypecheck = args.includes('--no-typecheck');
const skipBuild = args.includes('--no-build');
// keep in sync with SKIP_MARKER in test/outside.ts
const SKIP_MARKER = 'mmlab-skip(outside-conformance):';
// A folder's mocha process is killed (and the folder fails, by name) when it runs longer than
// this, or lingers this long after printing its summary: CI must end with a verdict, not a hang.
const FOLDER_LIMIT_MS = Number(process.env.MMLAB_TEST_FOLDER_LIMIT_MS) || 30 * 60_000;
const LINGER_MS = Number(process.env.MMLAB_TEST_LINGER_MS) || 60_000;

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
if (!skipBuild) step('build', process.execPath, ['scripts/build.mjs']);

// One mocha process per test folder, two at a time: memory stays bounded per folder
// (a long single process grew past V8's heap limit) and both cores are used.
const testRoot = process.env.MMLAB_TEST_ROOT ? join(process.cwd(), process.env.MMLAB_TEST_ROOT) : join(root, 'test');
const label = (name) => relative(root, join(testRoot, name));
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
    // Why a folder was killed: it outlived its time limit, or it stayed alive after mocha printed
    // its summary (a ref'd timer or handle). Either way CI gets a named failure, never a hang.
    let killed;
    let lingerTimer;
    const kill = (why) => {
      if (killed) return;
      killed = why;
      child.kill('SIGKILL');
    };
    const limitTimer = setTimeout(() => kill(`still running after its time limit (${FOLDER_LIMIT_MS / 1000} s)`), FOLDER_LIMIT_MS);
    const onData = (d) => {
      out += d;
      if (!lingerTimer && /\d+ passing \(/.test(out))
        lingerTimer = setTimeout(() => kill(`did not exit ${LINGER_MS / 1000} s after its tests finished (a timer or handle kept the process alive)`), LINGER_MS);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const t0 = Date.now();
    child.on('close', (code, signal) => {
      clearTimeout(limitTimer);
      clearTimeout(lingerTimer);
      const passingLine = /(\d+) passing/.exec(out);
      const passing = Number(passingLine?.[1] ?? 0);
      const failing = Number(/(\d+) failing/.exec(out)?.[1] ?? 0);
      // A process that ends without mocha's "N passing" line never ran its tests: a file threw
      // while loading (or the process died). It fails under its folder's name, never as a count.
      const crashed = !passingLine || (code !== 0 && failing === 0 && !killed);
      const skipped = out.split('\n').filter((l) => l.startsWith(SKIP_MARKER)).map((l) => l.slice(SKIP_MARKER.length).trim());
      process.stdout.write(`\n== mocha ${label(g.name)} (${files.length} files, ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${code ?? signal})\n${out}`);
      if (killed) process.stdout.write(`\n== ${label(g.name)} KILLED: ${killed}\n`);
      else if (crashed) process.stdout.write(`\n== ${label(g.name)} CRASHED: its tests did not run (exit ${code ?? signal}); the error is above\n`);
      resolve({ name: g.name, passing, failing: failing + (crashed || killed ? 1 : 0), crashed: crashed && !killed, killed, skipped });
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
let passed = results.reduce((a, r) => a + r.passing, 0);
let failed = results.reduce((a, r) => a + r.failing, 0);

if (!only.length && !process.env.MMLAB_TEST_ROOT && existsSync(join(root, 'sample-workspaces')) && existsSync(join(root, 'dist/cli.js'))) {
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

const skipped = results.flatMap((r) => r.skipped.map((s) => `${label(r.name)}: ${s}`));
if (skipped.length) console.log(`\n== skipped (outside conformance absent; .ci/run runs it): ${skipped.join('; ')}`);
const crashed = results.filter((r) => r.crashed).map((r) => `${label(r.name)}`);
if (crashed.length) console.log(`\n== crashed while loading or running: ${crashed.join(', ')}`);
const killedFolders = results.filter((r) => r.killed).map((r) => `${label(r.name)} (${r.killed})`);
if (killedFolders.length) console.log(`\n== killed: ${killedFolders.join('; ')}`);
const failing = results.filter((r) => r.failing && !r.crashed && !r.killed).map((r) => `${label(r.name)}`);
if (failing.length) console.log(`\n== folders with failing tests: ${failing.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
