/**
 * The simulation worker's job path (`executeJob`, as the worker is sent it: early diagnostics,
 * packed results, the editor's options for a long file) in one process, on the LSP bench's
 * statement edits of its 5,001-line scenario (a digit typed into `mmap(4M)` at lines spread over the
 * file by a prime stride, then typed over: UNDO=1 removes it instead). Per job: the CPU of the process (process.cpuUsage, the
 * collector's threads included) and the wall time to the early diagnostics (the edit's window in
 * the editor, ADR 0020). The worker's idle young-generation collection between jobs is done as
 * the worker does it (lsp/idleGc.ts IdleCollector), so the figures leave it out as the edit does.
 *
 *   esbuild bench/editJobs.ts --bundle --platform=node --target=node20 --format=cjs --outfile=out/bench/editJobs.js
 *   node --max-semi-space-size=64 --max-old-space-size=1024 --expose-gc out/bench/editJobs.js [jobs=120] [warm=20]
 *
 * (the flags are the worker's heap limits, lsp/limits.ts). Environment: LINE=N edits line N (at or
 * after it) every time, e.g. 27 for a re-run of nearly the whole file; ROWS=1 prints every job;
 * BYLINE=1 the mean CPU and early time of the jobs by the edit's line, per 1,000 lines (what an edit
 * pays whatever its place, and what it pays per line re-run after it);
 * TYPING=1 types a statement, a character a job (typedAt below; TYPED=TEXT another text); LINES=N
 * another length of the scenario (5,000);
 * HEAPPROF=FILE writes a sampling heap profile of the measured jobs, collected objects included;
 * PAUSE=MS leaves the thread idle that long before each job, as the LSP bench's edits come (about
 * 50 ms apart): back to back, a job finds its data in the caches, which the editor's never does.
 * A/B: bundle it in two worktrees and alternate the processes.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as inspector from 'inspector';
import { executeJob } from '../server/src/lsp/jobs';
import { editorJob, timedJob } from './jobs';
import { mean, quantile } from './stats';
import { bundledSamples, lspBenchScenario, statementEdit, TYPED_STATEMENT, typedText, typingLine } from './scenarios';

const [jobsArg, warmArg] = process.argv.slice(2);
const jobs = Number(jobsArg ?? 120);
const warm = Number(warmArg ?? 20);
const fixedLine = process.env.LINE === undefined ? undefined : Number(process.env.LINE);
const gc = (globalThis as { gc?: (o?: { type: 'minor' }) => void }).gc;

const base = lspBenchScenario(Number(process.env.LINES ?? 5000));
const lines = base.split('\n');
const last = lines.length - 1;

/**
 * the i-th text: a digit typed at the i/2-th place (the bench's stride), then typed over by the
 * next, so that every text is new (as the LSP bench's goal rows, ADR 0039); UNDO=1: removed by
 * the next instead (the text before last, answered with its result); LINE=N: a digit cycling
 * through 1-9 at that line (no text among the last eight versions, common/recentTexts.ts)
 */
const drifted = [...lines];
function textAt(i: number): { text: string; line: number } {
  if (typing) return typedAt(i);
  const undo = process.env.UNDO === '1';
  const odd = i % 2 === 1;
  if (undo || fixedLine !== undefined) {
    let line = fixedLine ?? 5 + ((Math.floor(i / 2) * 769) % (last - 10));
    while (line < last && !lines[line].includes('mmap(4M)')) line++;
    if (odd && undo) return { text: base, line };
    const edited = [...lines];
    edited[line] = edited[line].replace('mmap(4M)', undo ? 'mmap(42M)' : `mmap(4${1 + (i % 9)}M)`);
    return { text: edited.join('\n'), line };
  }
  return statementEdit(drifted, i);
}

/**
 * TYPING=1: someone typing a new statement on a line of its own after one statement (LINE, else the
 * middle of the file), a character more every job and never one removed (bench/scenarios.ts
 * typedText): the run re-runs from the line, and every block after it has moved one character
 * further than in the version before (run/plan.ts places its plans anew), where the digit typed and
 * removed above moves them back and forth between two shifts. TYPED=TEXT types another text (' ':
 * blanks, which change no statement)
 */
const typing = process.env.TYPING === '1';
const typedLine = typingLine(lines, fixedLine ?? last >> 1);
function typedAt(i: number): { text: string; line: number } {
  return { text: typedText(lines, typedLine, i + 1, process.env.TYPED ?? TYPED_STATEMENT), line: typedLine };
}

// SAMPLES=K: first every bundled sample as the LSP bench's samples section sends it (opened, then
// K edits: a space added at the end and removed), so that the code the long document runs has seen
// the samples' shapes too, as in the server
const samples = Number(process.env.SAMPLES ?? 0);
if (samples > 0) {
  let id = 1_000_000;
  for (const f of bundledSamples(process.env.MMLAB_ROOT ?? process.cwd())) {
    const text = readFileSync(f, 'utf8');
    for (let k = 0; k <= samples; k++)
      executeJob(editorJob(id++, k % 2 === 1 ? text + ' ' : text, `file:///bench/${f}`, false), () => undefined);
    gc?.({ type: 'minor' });
  }
}

const session = process.env.HEAPPROF ? new inspector.Session() : undefined;
session?.connect();
const rows: { line: number; cpu: number; early: number }[] = [];
for (let i = -1; i < warm + jobs; i++) {
  if (session && i === warm) session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  const { text, line } = i < 0 ? { text: base, line: -1 } : textAt(i);
  // PAUSE=MS: the thread idle between jobs, as the LSP bench's edits come (about 50 ms apart)
  if (process.env.PAUSE) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env.PAUSE));
  const { cpuMs: cpu, earlyMs: early } = timedJob(editorJob(i + 2, text, 'file:///bench/generated-5000-lines.mmlab', true));
  // what the worker does once a job's results are posted (lsp/idleGc.ts IdleCollector)
  gc?.({ type: 'minor' });
  if (process.env.ROWS) console.log(`job ${i} line ${line} cpu ${cpu.toFixed(2)} early ${early.toFixed(2)}`);
  if (i >= warm) rows.push({ line, cpu, early });
}
session?.post('HeapProfiler.stopSampling', (err, r) => {
  if (!err) writeFileSync(process.env.HEAPPROF!, JSON.stringify((r as { profile: unknown }).profile));
});

const f = (xs: number[]): string => `min ${Math.min(...xs).toFixed(2)} p25 ${quantile(xs, 0.25).toFixed(2)} p50 ${quantile(xs, 0.5).toFixed(2)} p90 ${quantile(xs, 0.9).toFixed(2)} p95 ${quantile(xs, 0.95).toFixed(2)} max ${Math.max(...xs).toFixed(2)} mean ${mean(xs).toFixed(2)}`;
console.log(JSON.stringify({ jobs: rows.length, cpu: f(rows.map((r) => r.cpu)), early: f(rows.map((r) => r.early)) }));
if (process.env.BYLINE) {
  for (let from = 0; from <= last; from += 1000) {
    const at = rows.filter((r) => r.line >= from && r.line < from + 1000);
    if (at.length) console.log(`lines ${from}-${from + 999}: ${at.length} jobs, early mean ${mean(at.map((r) => r.early)).toFixed(2)} ms, cpu mean ${mean(at.map((r) => r.cpu)).toFixed(2)} ms`);
  }
}
