// `npm run fuzz`: many more fuzz cases than `npm test`, with a random seed.
//   1. in-process properties (pipeline, formatting, parser) run in worker processes of
//      test/fuzz/worker.ts, in batches; a case that produces no progress for --hang-ms is
//      killed and reported as a hang, and the batch resumes after it;
//   2. the protocol, webview, budget and CLI fuzz tests run under mocha with FUZZ_SCALE and
//      FUZZ_SEED (the same tests `npm test` runs, with more cases).
// Every failing input is written to out/fuzz-findings/ (git-ignored) with its error, to be
// minimised into test/regressions/. Prints the number of cases tried per property.
//
//
// --long (issue 17): at least 100,000 in-process cases (the LONG counts below, with the framing
// property) in --jobs parallel worker processes, plus --sequences (default 10,000) short random
// edit sequences over the protocol (test/fuzz/protocolLong.ts: one real server per share of
// SEQUENCE_SHARE sequences, restarted only after a failure; a malformed frame after every 20th),
// instead of the mocha part (whose protocol fuzz plays 40 x --scale sequences on one server).
// Its figures (cases per property, failures, peak RSS, slowest case by wall clock and by CPU,
// server restarts, duration) are appended to bench-results/fuzz.jsonl.
//
//   npm run fuzz [-- --seed N] [--scale K] [--hang-ms MS] [--only PROPERTY] [--no-mocha]
//   npm run fuzz -- --long [--seed N] [--jobs J] [--sequences N] [--fraction F]
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
// workers of the long mode start under the load of their siblings: a longer leash
const hangMs = Number(opt('--hang-ms', args.includes('--long') ? '120000' : '30000'));
const only = opt('--only', undefined);
const long = args.includes('--long');
const BASE = { 'pipeline-random': 150, 'pipeline-mutated': 250, format: 300, parse: 600, offsets: 30 };
// the long mode's counts: cheap properties carry the bulk, every property is in (101,100 cases)
const LONG = { parse: 60000, framing: 30000, format: 8000, 'pipeline-mutated': 1800, 'pipeline-random': 1200, offsets: 100 };
const LONG_BATCH = { parse: 2000, framing: 2000, format: 400, 'pipeline-mutated': 100, 'pipeline-random': 100, offsets: 20 };
const BATCH = 100;
const jobs = Number(opt('--jobs', String(Math.max(2, availableParallelism()))));
const sequences = Number(opt('--sequences', '10000'));
const SEQUENCE_SHARE = 1000;
// a smoke run of the long mode: every count times this (e.g. 0.01)
const fraction = Number(opt('--fraction', '1'));
const figures = { peakRssKb: 0, peakServerRssKb: 0, slowest: { property: '', index: -1, ms: 0 }, slowestCpu: { property: '', index: -1, ms: 0 }, frames: 0, restarts: 0 };
const findings = join(root, 'out/fuzz-findings');
mkdirSync(findings, { recursive: true });

console.log(`mmlab fuzz: seed ${seed}, scale ${scale}, hang after ${hangMs} ms without progress`);
const totals = {};
let mochaFailed = 0;

function runBatch(property, start, count, batchStart) {
  const script = property === 'protocol-sequences' ? ['test/fuzz/protocolLong.ts'] : ['test/fuzz/worker.ts', property];
  // the long mode seeds each batch on its own (worker.ts batchSeed): a resumed batch keeps its seed
  const batch = batchStart !== undefined && property !== 'protocol-sequences' ? [String(batchStart)] : [];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, script[0]), ...script.slice(1), String(seed), String(start), String(count), ...batch], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    let current = start - 1;
    let done = false;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      // a protocol sequence waits for runs on a real server: it gets longer
      timer = setTimeout(() => {
        child.kill('SIGKILL');
      }, property === 'protocol-sequences' ? Math.max(hangMs, 180000) : hangMs);
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
          record(property, i, f.layer, f.message, f.text, batchStart);
        } else if (line.startsWith('STATS ')) {
          const st = JSON.parse(line.slice(6));
          figures.peakRssKb = Math.max(figures.peakRssKb, st.maxRssKb ?? 0);
          figures.peakServerRssKb = Math.max(figures.peakServerRssKb, st.serverMaxRssKb ?? 0);
          figures.frames += st.frames ?? 0;
          figures.restarts += st.restarts ?? 0;
          if (st.slowest && st.slowest.ms > figures.slowest.ms)
            figures.slowest = { property, index: st.slowest.index, ms: Math.round(st.slowest.ms), ...(st.slowest.cpuMs === undefined ? {} : { cpuMs: Math.round(st.slowest.cpuMs) }) };
          if (st.slowestCpu && st.slowestCpu.ms > figures.slowestCpu.ms) figures.slowestCpu = { property, index: st.slowestCpu.index, ms: Math.round(st.slowestCpu.ms) };
        } else if (line.startsWith('DONE')) done = true;
      }
    });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (done) return resolve(start + count);
      if (signal === 'SIGKILL' && current >= start) {
        record(property, current, 'hang', `no progress for ${hangMs} ms`, undefined, batchStart);
      } else if (current >= start) {
        record(property, current, 'crash', `worker exited (${code ?? signal}): ${stderr.slice(-3000)}`, undefined, batchStart);
      } else {
        console.error(`worker for ${property} failed before its first case: ${stderr.slice(-2000)}`);
        // the batch's cases did not run: a failure, not a silent gap in the count
        totals[property].failures.push({ index: start, layer: 'worker' });
        return resolve(start + count);
      }
      resolve(current + 1);
    });
  });
}

function record(property, index, layer, message, text, batchStart) {
  const t = totals[property];
  t.failures.push({ index, layer });
  const base = join(findings, `${property}-${seed}-${index}`);
  if (text === undefined && property === 'protocol-sequences') text = `protocol sequence ${index} of seed ${seed}: replay with node --require tsx/cjs test/fuzz/protocolLong.ts ${seed} ${index} 1\n`;
  if (property === 'protocol-sequences') {
    // the sequence's ops as JSON: the file is not a scenario
    writeFileSync(`${join(findings, `${property}-${seed}-${index}`)}.json`, text);
    writeFileSync(`${join(findings, `${property}-${seed}-${index}`)}.txt`, `property ${property}, seed ${seed}, sequence ${index}, layer ${layer}\nreplay: node --require tsx/cjs test/fuzz/protocolLong.ts ${seed} ${index} 1\n\n${message}\n`);
    console.log(`  ${layer.toUpperCase()} ${property} sequence ${index}: ${message.split('\n')[0].slice(0, 200)}\n    ops: out/fuzz-findings/${property}-${seed}-${index}.json`);
    return;
  }
  if (text === undefined) {
    // regenerate the input of a case that hung or crashed the worker
    const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', `process.stdout.write(require('./test/fuzz/worker.ts').caseText(${JSON.stringify(property)}, ${seed}, ${index}, ${batchStart === undefined ? 'undefined' : batchStart}))`], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    text = r.stdout;
  }
  writeFileSync(`${base}.mmlab`, text);
  writeFileSync(`${base}.txt`, `property ${property}, seed ${seed}, case ${index}${batchStart === undefined ? '' : ` (batch from ${batchStart})`}, layer ${layer}\n\n${message}\n`);
  console.log(`  ${layer.toUpperCase()} ${property} case ${index}: ${message.split('\n')[0].slice(0, 200)}\n    input: out/fuzz-findings/${property}-${seed}-${index}.mmlab`);
}

const t0All = performance.now();
let interrupted = false;
if (long)
  // a long run stopped early (SIGTERM/SIGINT) still records what it did, marked interrupted
  for (const sig of ['SIGTERM', 'SIGINT'])
    process.on(sig, () => {
      interrupted = true;
      process.exit(finish());
    });
if (long) {
  // one queue of batches over every property and the protocol shares, `jobs` children at a time
  const queue = [];
  for (const [property, total] of Object.entries(LONG)) {
    if (only && only !== property) continue;
    totals[property] = { tried: 0, failures: [] };
    const n = Math.round(total * fraction);
    for (let s = 0; s < n; s += LONG_BATCH[property]) queue.push({ property, start: s, end: Math.min(n, s + LONG_BATCH[property]) });
  }
  if (!only || only === 'protocol-sequences') {
    totals['protocol-sequences'] = { tried: 0, failures: [] };
    for (let s = 0; s < sequences; s += SEQUENCE_SHARE) queue.push({ property: 'protocol-sequences', start: s, end: Math.min(sequences, s + SEQUENCE_SHARE) });
  }
  // the slow protocol shares first, so they do not all end up last
  queue.sort((a, b) => (a.property === 'protocol-sequences' ? 0 : 1) - (b.property === 'protocol-sequences' ? 0 : 1));
  console.log(`long mode: ${queue.length} batches, ${jobs} at a time`);
  const runOne = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      let next = item.start;
      while (next < item.end) next = await runBatch(item.property, next, item.end - next, item.start);
    }
  };
  await Promise.all(Array.from({ length: jobs }, runOne));
  for (const [k, t] of Object.entries(totals)) console.log(`${k}: ${t.tried} cases, ${t.failures.length} failures`);
} else
  for (const [property, base] of Object.entries(BASE)) {
    if (only && only !== property) continue;
    totals[property] = { tried: 0, failures: [] };
    const total = Math.round(base * scale);
    const t0 = performance.now();
    let next = 0;
    while (next < total) next = await runBatch(property, next, Math.min(BATCH, total - next));
    console.log(`${property}: ${totals[property].tried} cases, ${totals[property].failures.length} failures (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }

if (!long && !args.includes('--no-mocha') && !only) {
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

function finish() {
  const tried = Object.values(totals).reduce((a, t) => a + t.tried, 0);
  const failed = Object.values(totals).reduce((a, t) => a + t.failures.length, 0) + mochaFailed;
  console.log(`\nfuzz summary (seed ${seed}):`);
  for (const [k, t] of Object.entries(totals)) console.log(`  ${k.padEnd(48)} ${String(t.tried).padStart(7)} cases  ${t.failures.length ? `${t.failures.length} FAILED` : 'ok'}`);
  console.log(`  total ${tried} cases, ${failed} failures${failed ? ' (inputs in out/fuzz-findings/)' : ''}`);
  if (long) {
    const seconds = Math.round((performance.now() - t0All) / 1000);
    const inProcess = Object.entries(totals).filter(([k]) => k !== 'protocol-sequences').reduce((a, [, t]) => a + t.tried, 0);
    const record = {
      date: new Date().toISOString(),
      kind: 'fuzz-long',
      seed,
      interrupted,
      jobs,
      seconds,
      cases: Object.fromEntries(Object.entries(totals).map(([k, t]) => [k, t.tried])),
      inProcessCases: inProcess,
      protocolSequences: totals['protocol-sequences']?.tried ?? 0,
      malformedFramesToServers: figures.frames,
      serverRestarts: figures.restarts,
      failures: failed,
      peakWorkerRssMiB: Math.round(figures.peakRssKb / 1024),
      peakServerRssMiB: Math.round(figures.peakServerRssKb / 1024),
      slowestCase: figures.slowest,
      slowestCpuCase: figures.slowestCpu,
    };
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    appendFileSync(join(root, 'bench-results/fuzz.jsonl'), `${JSON.stringify(record)}\n`);
    console.log(`  ${inProcess} in-process cases, ${record.protocolSequences} protocol sequences, ${figures.frames} malformed frames to servers, ${figures.restarts} server restarts, peak RSS ${record.peakWorkerRssMiB} MiB (worker) / ${record.peakServerRssMiB} MiB (server), slowest ${figures.slowest.property} #${figures.slowest.index} ${figures.slowest.ms} ms (CPU ${figures.slowest.cpuMs ?? '?'} ms), most CPU ${figures.slowestCpu.property} #${figures.slowestCpu.index} ${figures.slowestCpu.ms} ms, ${seconds} s; appended to bench-results/fuzz.jsonl`);
  }

  return failed ? 1 : 0;
}

process.exit(finish());
