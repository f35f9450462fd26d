// `npm run fuzz`: many more fuzz cases than `npm test`, with a random seed.
//   1. in-process properties (pipeline, formatting, parser) run in worker processes of
//      test/fuzz/worker.ts, in batches; a case that produces no progress for --hang-ms is
//      killed and reported as a hang, and the batch resumes after it;
//   2. the protocol, webview, budget and CLI fuzz tests run under mocha with FUZZ_SCALE and
//      FUZZ_SEED (the same tests `npm test` runs, with more cases).
// Every failing input is written to out/fuzz-findings/ (git-ignored) with its error, to be
// minimised into test/regressions/. Prints the number of cases tried per property.
//
//   npm run fuzz [-- --seed N] [--scale K] [--hang-ms MS] [--only PROPERTY] [--no-mocha]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const seed = Number(opt('--seed', String(Math.floor(Math.random() * 2 ** 31))));
const scale = Number(opt('--scale', '10'));
const hangMs = Number(opt('--hang-ms', '30000'));
const only = opt('--only', undefined);
const BASE = { 'pipeline-random': 150, 'pipeline-mutated': 250, format: 300, parse: 600, offsets: 30 };
const BATCH = 100;
const findings = join(root, 'out/fuzz-findings');
mkdirSync(findings, { recursive: true });

console.log(`mmlab fuzz: seed ${seed}, scale ${scale}, hang after ${hangMs} ms without progress`);
const totals = {};

function runBatch(property, start, count) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'test/fuzz/worker.ts'), property, String(seed), String(start), String(count)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    let current = start - 1;
    let done = false;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        child.kill('SIGKILL');
      }, hangMs);
    };
    arm();
    child.stdout.on('data', (b) => {
      buf += b;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('CASE ')) {
          current = Number(line.slice(5));
          totals[property].tried++;
          arm();
        } else if (line.startsWith('FAIL ')) {
          const sp = line.indexOf(' ', 5);
          const i = Number(line.slice(5, sp));
          const f = JSON.parse(line.slice(sp + 1));
          record(property, i, f.layer, f.message, f.text);
        } else if (line.startsWith('DONE')) done = true;
      }
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (done) return resolve(start + count);
      if (signal === 'SIGKILL' && current >= start) {
        record(property, current, 'hang', `no progress for ${hangMs} ms`, undefined);
      } else if (current >= start) {
        record(property, current, 'crash', `worker exited (${code ?? signal}): ${stderr.slice(-3000)}`, undefined);
      } else {
        console.error(`worker for ${property} failed before its first case: ${stderr.slice(-2000)}`);
        return resolve(start + count);
      }
      resolve(current + 1);
    });
  });
}

function record(property, index, layer, message, text) {
  const t = totals[property];
  t.failures.push({ index, layer });
  const base = join(findings, `${property}-${seed}-${index}`);
  if (text === undefined) {
    // regenerate the input of a case that hung or crashed the worker
    const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', `process.stdout.write(require('./test/fuzz/worker.ts').caseText(${JSON.stringify(property)}, ${seed}, ${index}))`], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    text = r.stdout;
  }
  writeFileSync(`${base}.mmlab`, text);
  writeFileSync(`${base}.txt`, `property ${property}, seed ${seed}, case ${index}, layer ${layer}\n\n${message}\n`);
  console.log(`  ${layer.toUpperCase()} ${property} case ${index}: ${message.split('\n')[0].slice(0, 200)}\n    input: out/fuzz-findings/${property}-${seed}-${index}.mmlab`);
}

for (const [property, base] of Object.entries(BASE)) {
  if (only && only !== property) continue;
  totals[property] = { tried: 0, failures: [] };
  const total = Math.round(base * scale);
  const t0 = performance.now();
  let next = 0;
  while (next < total) next = await runBatch(property, next, Math.min(BATCH, total - next));
  console.log(`${property}: ${totals[property].tried} cases, ${totals[property].failures.length} failures (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

let mochaFailed = 0;
if (!args.includes('--no-mocha') && !only) {
  console.log(`\nprotocol / webview / budget fuzz tests (FUZZ_SCALE=${scale}, FUZZ_SEED=${seed})`);
  const r = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--require', 'tsx/cjs', '--timeout', '1200000', 'test/fuzz/protocol.test.ts', 'test/fuzz/webview.test.ts', 'test/fuzz/budgets.test.ts', 'test/fuzz/cli.test.ts', 'test/fuzz/sandbox.test.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FUZZ_SCALE: String(scale), FUZZ_SEED: String(seed), FUZZ_DEEP: '1' },
  });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  for (const m of r.stdout.matchAll(/FUZZ-COUNT (.+?): (\d+) cases/g)) totals[m[1]] = { tried: Number(m[2]), failures: [] };
  if (r.status !== 0) mochaFailed = 1;
}

const tried = Object.values(totals).reduce((a, t) => a + t.tried, 0);
const failed = Object.values(totals).reduce((a, t) => a + t.failures.length, 0) + mochaFailed;
console.log(`\nfuzz summary (seed ${seed}):`);
for (const [k, t] of Object.entries(totals)) console.log(`  ${k.padEnd(48)} ${String(t.tried).padStart(7)} cases  ${t.failures.length ? `${t.failures.length} FAILED` : 'ok'}`);
console.log(`  total ${tried} cases, ${failed} failures${failed ? ' (inputs in out/fuzz-findings/)' : ''}`);
process.exit(failed ? 1 : 0);
