/**
 * The measurements of `npm run bench`, each run in a fresh child process by
 * scripts/bench.mjs (bundled to out/bench/cases.js): a case prints one JSON
 * line on stdout. Timings use performance.now(); memory is the process's peak
 * RSS (resourceUsage().maxRSS), which the orchestrator compares with an empty
 * run's.
 *
 *   node out/bench/cases.js calibrate
 *   node out/bench/cases.js faults
 *   node out/bench/cases.js large POLICY GIB [--empty]
 *   node out/bench/cases.js parse LINES
 *   node out/bench/cases.js incremental LINES EDITS
 *   node out/bench/cases.js frontEdit LINES EDITS
 *   node out/bench/cases.js typing LINES JOBS [blank]
 *   node out/bench/cases.js idleCopies LINES JOBS
 *   (add --main-thread to run a case outside the simulation worker's heap limits: see the end)
 */
import { analyzeFull, analyzeStatic, designFor, runProgram, runStatic, StaticAnalysis } from '../server/src/analysis/analyze';
import { analyzeStaticAfter, lastStaticReport } from '../server/src/analysis/incrementalStatic';
import { IncrementalRun } from '../server/src/run/incremental';
import { copiesPolicy, fillCopies } from '../server/src/lsp/jobs';
import { absoluteItem } from '../server/src/model/blockSpans';
import { formatText } from '../server/src/analysis/formatting';
import { parse } from '../server/src/syntax/parser';
import { SIM_WORKER_RESOURCE_LIMITS } from '../server/src/lsp/limits';
import { isMainThread, parentPort, Worker } from 'worker_threads';
import { expectedFaults, faultScenario, largeMachine, largeScenario, lspBenchScenario, Policy, statementEdit, typedText, typingLine } from './scenarios';
import { editorJob, timedJob } from './jobs';
import { calibrate } from './calibration';
import { statementCosts } from './statementCosts';
import { median, quantile } from './stats';
import { exposeGc, IDLE_GC_MIN_YOUNG_BYTES, youngBytes } from '../server/src/lsp/idleGc';

const PAGE = 4096;

/** The kernel's rate: write one byte per 4 KiB page of a fresh, never-touched buffer. */
function realFaults(bytes: number): { pagesPerSec: number; minorFaults: number; pages: number; ms: number } {
  const before = process.resourceUsage().minorPageFault;
  const buf = Buffer.allocUnsafeSlow(bytes);
  const t0 = performance.now();
  for (let off = 0; off < bytes; off += PAGE) buf[off] = 1;
  const ms = performance.now() - t0;
  const minorFaults = process.resourceUsage().minorPageFault - before;
  return { pagesPerSec: (bytes / PAGE / ms) * 1000, minorFaults, pages: bytes / PAGE, ms };
}

function residentPages(run: { mappings: { pages: Record<string, number> }[] }): number {
  let n = 0;
  for (const m of run.mappings) for (const [k, v] of Object.entries(m.pages)) if (k !== 'swap') n += v;
  return n;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * `records`: the run's maxStepRecords (undefined = the default, as the editor runs a small file;
 * 0 = a diagnostics-only run, as the editor runs a large file). `cpuMs` is the process's CPU time
 * for the same run (every thread: the garbage collector's helpers too), the figure that compares
 * on a loaded machine.
 */
function simFaults(opts: { bulkGiB: number; scattered: number }, trace: boolean, records?: number): { faultsPerSec: number; faults: number; expected: number; ms: number; cpuMs: number } {
  const stat = analyzeStatic(faultScenario(opts));
  const o = { design: 'private_v4' as const, trace, maxSteps: 1e9, maxMs: 600_000, ...(records !== undefined ? { maxStepRecords: records } : {}) };
  // warm-up: JIT the emulator on the same statements
  runStatic(stat, o);
  const times: number[] = [];
  const cpu: number[] = [];
  let faults = 0;
  // seven runs, the median: with three, one old-generation collection landing inside a run moved the
  // figure by half (39.5 to 61.7 ms in one session's runs of the same build)
  for (let i = 0; i < 7; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    const f = runStatic(stat, o);
    times.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
    faults = residentPages(f.run);
    if (f.allDiagnostics.some((d) => d.severity === 'error')) throw new Error(`fault scenario failed: ${f.allDiagnostics.map((d) => d.message).join('; ')}`);
  }
  const ms = median(times);
  return { faultsPerSec: (faults / ms) * 1000, faults, expected: expectedFaults(opts), ms, cpuMs: median(cpu) };
}

function faults(): unknown {
  // the kernel first and last, best of three each (the first touch also pays for the allocator's mmap)
  const real = [realFaults(512 << 20), realFaults(512 << 20), realFaults(512 << 20)];
  const mixed = simFaults({ bulkGiB: 64, scattered: 20_000 }, false);
  const scattered = simFaults({ bulkGiB: 0, scattered: 20_000 }, false);
  const scatteredTraced = simFaults({ bulkGiB: 0, scattered: 20_000 }, true);
  // the emulator alone: the same statements with no step record kept (what the editor runs for a large file)
  const scatteredNoRecords = simFaults({ bulkGiB: 0, scattered: 20_000 }, false, 0);
  const bestReal = real.reduce((a, b) => (b.pagesPerSec > a.pagesPerSec ? b : a));
  return { real: bestReal, realAll: real.map((r) => Math.round(r.pagesPerSec)), mixed, scattered, scatteredTraced, scatteredNoRecords };
}

function large(policy: Policy, gib: number, empty: boolean): unknown {
  const text = largeMachine(policy, gib, !empty);
  const t0 = performance.now();
  const f = analyzeFull(text, { maxSteps: 1e9, maxMs: 600_000 });
  const ms = performance.now() - t0;
  const mapping = f.run.mappings.find((m) => m.name === 'buf');
  const errors = f.allDiagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
  return { policy, gib, empty, ms, maxRssKiB: process.resourceUsage().maxRSS, heapUsed: process.memoryUsage().heapUsed, pages: mapping?.pages ?? {}, errors, cut: f.run.cut?.reason };
}

function parseCase(lines: number): unknown {
  const text = largeScenario(lines);
  const bytes = Buffer.byteLength(text);
  for (let i = 0; i < 3; i++) parse(text);
  const parseTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    parse(text);
    parseTimes.push(performance.now() - t0);
  }
  const staticTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    analyzeStatic(text);
    staticTimes.push(performance.now() - t0);
  }
  const fullTimes: number[] = [];
  let diagnostics = 0;
  let executed = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const f = analyzeFull(text, { maxSteps: 1e9, maxMs: 600_000 });
    fullTimes.push(performance.now() - t0);
    diagnostics = f.allDiagnostics.filter((d) => d.severity === 'error').length;
    executed = f.run.executed;
  }
  // The three runs above are a fresh process's first ones: mostly the JIT warming up. A server that
  // has analysed anything before meets a new document warm, so the warm medians are reported beside
  // them: the full analysis (step records on, as above), and the editor's own path for a file of
  // this size (lsp/runs.ts: past 2,000 lines the diagnostics run keeps no step records, no trace).
  const warmFull: number[] = [];
  const warmEditor: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now();
    analyzeFull(text, { maxSteps: 1e9, maxMs: 600_000 });
    warmFull.push(performance.now() - t0);
    t0 = performance.now();
    const stat = analyzeStatic(text);
    runProgram(stat.program, stat.diagnostics, { design: designFor(stat), trace: false, maxStepRecords: 0, maxSteps: 1e9, maxMs: 600_000 });
    warmEditor.push(performance.now() - t0);
  }
  const formatT0 = performance.now();
  formatText(text, { tabSize: 2, insertSpaces: true });
  const formatMs = performance.now() - formatT0;
  const parseMs = median(parseTimes);
  return { lines, bytes, parseMs, linesPerSec: (lines / parseMs) * 1000, mbPerSec: bytes / 1024 / 1024 / (parseMs / 1000), staticMs: median(staticTimes), fullMs: median(fullTimes), warmFullMs: median(warmFull), warmEditorMs: median(warmEditor), executed, errorDiagnostics: diagnostics, formatMs };
}

/** Adversarial inputs the fuzzers found slow: deep nesting, one very long line (timed here, not in tests). */
function pathological(): unknown {
  const out: Record<string, number> = {};
  const depth = 1500;
  const deep = 'node 0 dram 4G cpus 0-3\n' + 'task t {\n'.repeat(depth) + '}\n'.repeat(depth);
  let t0 = performance.now();
  formatText(deep, { tabSize: 2, insertSpaces: true });
  out.formatDeepNestingMs = performance.now() - t0;
  t0 = performance.now();
  analyzeFull(deep, { maxSteps: 100_000, maxMs: 5000 });
  out.analyzeDeepNestingMs = performance.now() - t0;
  // 25,000 unclosed blocks over 10 lines (275 KB): the shape of fuzz finding F3
  const wide = 'node 0 dram 4G cpus 0-3\n' + Array.from({ length: 10 }, () => 'repeat 2 { '.repeat(2500)).join('\n');
  t0 = performance.now();
  formatText(wide, { tabSize: 2, insertSpaces: true });
  out.formatWideNestingMs = performance.now() - t0;
  const longLine = 'node 0 dram 4G cpus 0-3\ntask t {\n  buf = mmap(1G)' + ' '.repeat(100_000) + 'x\n}\n';
  t0 = performance.now();
  formatText(longLine, { tabSize: 2, insertSpaces: true });
  analyzeFull(longLine, { maxSteps: 100_000, maxMs: 5000 });
  out.longLineMs = performance.now() - t0;
  return out;
}

/**
 * Incremental re-simulation (ADR 0011) in process, as the worker runs a large file (diagnostics
 * only): EDITS edits spread over the file (a prime stride; a space added at a line's end, then
 * removed), each analysed (parse, lower, check) and run twice, from the copies of the previous
 * version and from scratch. Both answers are compared (a mismatch is reported, not hidden).
 * The runs get the program the worker's front end gives (analysis/incrementalStatic.ts: the items
 * an edit left alone are the previous version's objects, which the run's comparison of the two
 * programs pairs by identity) and the worker's options (reports built when read, lsp/jobs.ts);
 * the static analysis from scratch is timed apart (`staticMs`). Until 2026-12-07 the runs got a
 * program lowered from scratch, whose every item the comparison had to serialise: about a third
 * of the time charged to the copies, which the server never pays.
 * `periodic`: copies every few hundred executions (MMLAB_INCREMENTAL=1). `server`: the language
 * server's default (lsp/jobs.ts copiesPolicy: one copy, at the edit) on the goal rows' edits (a digit
 * typed into the next `mmap(4M)`, then removed: the removal may resume from the copy at the edit).
 */
function incrementalCase(lines: number, edits: number, mode = 'periodic'): unknown {
  const base = largeScenario(lines).split('\n');
  const opts = { trace: false, maxStepRecords: 0, maxSteps: 1e9, maxMs: 600_000, reportsWhenRead: true };
  const server = mode === 'server';
  const inc = new IncrementalRun(server ? copiesPolicy(undefined) : {});
  const first = analyzeStaticAfter(undefined, base.join('\n'));
  let prevStat = first;
  runProgram(first.program, first.diagnostics, { ...opts, design: designFor(first) }, inc);
  const staticMs: number[] = [];
  const incMs: number[] = [];
  const scratchMs: number[] = [];
  const reusedShare: number[] = [];
  let mismatches = 0;
  let executed = 0;
  const cur = [...base];
  for (let i = 0; i < edits; i++) {
    let line = 5 + ((Math.floor(i / 2) * 769) % Math.max(1, base.length - 10));
    if (server) while (line < base.length - 1 && !base[line].includes('mmap(4M)')) line++;
    const typed = server ? base[line].replace('mmap(4M)', 'mmap(42M)') : `${base[line]} `;
    cur[line] = i % 2 === 0 ? typed : base[line];
    const text = cur.join('\n');
    const t0 = performance.now();
    analyzeStatic(text);
    staticMs.push(performance.now() - t0);
    const stat = (prevStat = analyzeStaticAfter(prevStat, text));
    const o = { ...opts, design: designFor(stat) };
    // the two runs alternate which goes first (the first pays for the parse's garbage)
    const runInc = () => {
      const t = performance.now();
      const r = runProgram(stat.program, stat.diagnostics, o, inc);
      incMs.push(performance.now() - t);
      reusedShare.push(inc.last ? inc.last.reused / Math.max(1, inc.last.executed) : 0);
      return r;
    };
    const runScratch = () => {
      const t = performance.now();
      const r = runProgram(stat.program, stat.diagnostics, o);
      scratchMs.push(performance.now() - t);
      return r;
    };
    const [a, b] = i % 4 < 2 ? [runInc(), runScratch()] : [runInc, runScratch].reverse().map((f) => f()).reverse();
    executed = b.executed;
    if (JSON.stringify(a) !== JSON.stringify(b)) mismatches++;
  }
  const sum = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), max: Math.max(...xs) });
  return { mode, lines: base.length, edits, executed, staticMs: sum(staticMs), incrementalMs: sum(incMs), scratchMs: sum(scratchMs), reusedMean: reusedShare.reduce((x, y) => x + y, 0) / edits, snapshots: inc.last?.snapshots, objects: inc.last?.objects, mismatches };
}

/**
 * The static analysis of an edit (ADR 0017), in process: a digit typed into a `mmap(4M)` and removed
 * again, at places spread over the file (a prime stride), analysed incrementally from the previous
 * version and from scratch, alternating which goes first; CPU time of this thread (process.cpuUsage:
 * other load on the machine does not count). The two analyses' IR and diagnostics are compared.
 */
function frontEditCase(lines: number, edits: number): unknown {
  const base = largeScenario(lines);
  const sites = [...base.matchAll(/mmap\(4M\)/g)].map((m) => m.index! + 6);
  const cpu = (f: () => StaticAnalysis): { ms: number; stat: StaticAnalysis } => {
    const t = process.cpuUsage();
    const stat = f();
    const d = process.cpuUsage(t);
    return { ms: (d.user + d.system) / 1000, stat };
  };
  let prev = analyzeStaticAfter(undefined, base);
  const incMs: number[] = [];
  const scratchMs: number[] = [];
  let mismatches = 0;
  let incremental = 0;
  let text = base;
  for (let i = 0; i < edits + 8; i++) {
    const at = sites[(Math.floor(i / 2) * 769) % sites.length];
    text = i % 2 === 0 ? `${base.slice(0, at)}7${base.slice(at)}` : base;
    const runInc = () => cpu(() => analyzeStaticAfter(prev, text));
    const runScratch = () => cpu(() => analyzeStatic(text));
    const [a, b] = i % 4 < 2 ? [runInc(), runScratch()] : [runScratch(), runInc()].reverse();
    prev = a.stat;
    if (lastStaticReport.from === 'incremental') incremental++;
    if (i < 8) continue; // warm-up
    incMs.push(a.ms);
    scratchMs.push(b.ms);
    // with the text's positions: a block an edit moved keeps its body as lowered, bodyShift away (ADR 0023)
    const asText = (s: StaticAnalysis) => JSON.stringify([{ ...s.program, items: s.program.items.map(absoluteItem) }, s.diagnostics]);
    if (asText(a.stat) !== asText(b.stat)) mismatches++;
  }
  const sum = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });
  return { lines: base.split('\n').length, edits, incremental, incrementalMs: sum(incMs), scratchMs: sum(scratchMs), mismatches };
}

/**
 * Typing in a long document, as the simulation worker meets it (`executeJob` with the editor's
 * options for a long file, results packed as changes, the worker's idle young-generation
 * collection between jobs): a statement typed a character a job on a line of its own in the middle
 * of the LSP bench's scenario of `lines` lines (bench/scenarios.ts typedText; bench/editJobs.ts
 * TYPING=1 is the same in a script). `typed` ' ' types blanks: no statement changes, the last
 * result is reused with its positions moved (ADR 0013). Per job: the thread's CPU and the wall time
 * to the early diagnostics (the static analysis's, ADR 0020); after WARM jobs.
 */
function typingCase(lines: number, jobs: number, typed?: string): unknown {
  const WARM = 20;
  const base = lspBenchScenario(lines);
  const ls = base.split('\n');
  const line = typingLine(ls, ls.length >> 1);
  const gc = exposeGc();
  const cpuMs: number[] = [];
  const earlyMs: number[] = [];
  for (let i = -1; i < WARM + jobs; i++) {
    const text = i < 0 ? base : typedText(ls, line, i + 1, typed === 'blank' ? ' ' : undefined);
    const t = timedJob(editorJob(i + 2, text, `file:///bench/typing-${lines}.mmlab`, true));
    if (gc && youngBytes() >= IDLE_GC_MIN_YOUNG_BYTES) gc({ type: 'minor' });
    if (i < WARM) continue;
    cpuMs.push(t.cpuMs);
    earlyMs.push(t.earlyMs);
  }
  const sum = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) });
  return { lines: ls.length, jobs, typed: typed === 'blank' ? 'blanks' : 'a statement', cpuMs: sum(cpuMs), earlyMs: sum(earlyMs) };
}

/**
 * The idle pass that spreads copies over a document (ADR 0040, lsp/idleFill.ts; off in the server
 * unless MMLAB_IDLE_FILL=1), in process: the goal rows' statement edits of the LSP bench's scenario
 * (a digit typed into `mmap(4M)` at a place, then typed over; the next place 769 lines on, every
 * text new) sent to two documents in turn, one whose jobs are followed by the pass (to its end, as
 * on an idle worker) and one without. Per job: the thread's CPU and the wall time to the early
 * diagnostics; the pass's own time apart (the worker's idle time). The worker's young-generation
 * collection follows each job and each pass, as lsp/idleGc.ts does.
 */
function idleCopiesCase(lines: number, jobs: number): unknown {
  const WARM = 10;
  const base = lspBenchScenario(lines);
  const gc = exposeGc();
  const collect = () => void (gc && youngBytes() >= IDLE_GC_MIN_YOUNG_BYTES && gc({ type: 'minor' }));
  const drifted = base.split('\n');
  const docs = [
    { uri: `file:///bench/idle-off-${lines}.mmlab`, fill: false, cpuMs: [] as number[], earlyMs: [] as number[], fillMs: [] as number[], copies: 0 },
    { uri: `file:///bench/idle-on-${lines}.mmlab`, fill: true, cpuMs: [] as number[], earlyMs: [] as number[], fillMs: [] as number[], copies: 0 },
  ];
  for (let i = -1; i < WARM + jobs; i++) {
    const text = i < 0 ? base : statementEdit(drifted, i).text;
    for (const d of docs) {
      const job = editorJob(i + 2, text, d.uri, true);
      const t = timedJob(job);
      collect();
      if (d.fill) {
        const t0 = performance.now();
        d.copies += fillCopies(job, () => false);
        if (i >= WARM) d.fillMs.push(performance.now() - t0);
        collect();
      }
      if (i < WARM) continue;
      d.cpuMs.push(t.cpuMs);
      d.earlyMs.push(t.earlyMs);
    }
  }
  const sum = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) });
  const out = (d: (typeof docs)[number]) => ({ cpuMs: sum(d.cpuMs), earlyMs: sum(d.earlyMs), ...(d.fill ? { fillMs: sum(d.fillMs), copies: d.copies } : {}) });
  return { lines: base.split('\n').length, jobs, without: out(docs[0]), with: out(docs[1]) };
}

function runCase(what: string, a: string, b: string, c: string): unknown {
  if (what === 'calibrate') return calibrate();
  // at n and at 4n: a kind whose cost grows with the statements before it reads about 4x (ADR 0011: cost follows distinct runs)
  if (what === 'statementCosts') return { n: Number(a), kinds: statementCosts(Number(a)), large: statementCosts(4 * Number(a)) };
  if (what === 'faults') return faults();
  if (what === 'large') return large(a as Policy, Number(b), c === '--empty');
  if (what === 'parse') return parseCase(Number(a));
  if (what === 'pathological') return pathological();
  if (what === 'incremental') return incrementalCase(Number(a), Number(b), c);
  if (what === 'frontEdit') return frontEditCase(Number(a), Number(b));
  if (what === 'typing') return typingCase(Number(a), Number(b), c);
  if (what === 'idleCopies') return idleCopiesCase(Number(a), Number(b));
  throw new Error(`unknown bench case ${what}`);
}

/**
 * Where a case runs: the language server analyses and simulates in a worker thread with its own heap
 * limits (lsp/limits.ts SIM_WORKER_RESOURCE_LIMITS: a 192 MB young generation, V8's default is
 * 16–32 MB), and V8's young-generation size alone moved the scattered case by 10–15 %. So every
 * case runs in such a worker, as the editor runs it, except `large`, whose figure is the process's
 * peak RSS against an empty run's, as the CLI runs it (main thread, V8's defaults). `--main-thread`
 * (last argument) runs any case on the main thread, to compare.
 */
const args = process.argv.slice(2).filter((x) => x !== '--main-thread');
const onMainThread = args[0] === 'large' || process.argv.includes('--main-thread');
if (!isMainThread) parentPort!.postMessage(runCase(args[0], args[1], args[2], args[3]));
else if (onMainThread) process.stdout.write(JSON.stringify(runCase(args[0], args[1], args[2], args[3])) + '\n');
else {
  const w = new Worker(__filename, { argv: args, resourceLimits: { ...SIM_WORKER_RESOURCE_LIMITS } });
  w.on('message', (result) => process.stdout.write(JSON.stringify(result) + '\n'));
  w.on('error', (e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
