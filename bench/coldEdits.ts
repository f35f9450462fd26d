/**
 * The long document's first edits as the language server's worker meets them in the LSP bench, in
 * one thread, so that a CPU profile or V8's traces cover only them: the worker's warm-up
 * (lsp/warmUp.ts, both scenarios, the long one's program kept), then every bundled sample opened
 * (its two rehearsals, lsp/rehearsal.ts), the long program re-warmed twice between its first
 * edits (Rewarm, as with a 20 ms quiet time), and K edits; then the 5,001-line document opened,
 * rehearsed twice, and the bench's statement edits. Per long-document job: the process's CPU (V8's
 * compiler and collector threads included), and for an edit, after a slash, the wall time to its
 * early diagnostics.
 *
 *   esbuild bench/coldEdits.ts --bundle --platform=node --target=node20 --format=cjs --outfile=out/bench/coldEdits.js
 *   node --max-semi-space-size=64 --max-old-space-size=1024 --expose-gc out/bench/coldEdits.js [edits=10] [sampleEdits=40]
 *
 * Environment: PROFILE=FILE writes a CPU profile (sampling every 100 µs) of the long document's
 * open, rehearsals and first five edits, or with PROFILE_FROM=K of the K-th edit and the
 * PROFILE_EDITS (5) after it; AGAIN=1 repeats the first five edits at the end (the same work on
 * warm code); REWARM_AT=end re-warms after a sample's last edit instead; REHEARSALS=N;
 * MARK=1
 * prints a line where the long document opens (to cut a `--trace-opt --trace-deopt` log there).
 * Run from the repository's root.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as inspector from 'inspector';
import { executeJob, forgetDocument, JobRequest, runAgain, WorkerMessage } from '../server/src/lsp/jobs';
import { longWarmUpJob, REWARM_RUNS, warmUp, WarmUpJobs } from '../server/src/lsp/warmUp';
import { bundledSamples, lspBenchScenario } from './scenarios';
import { EditRehearsal, REHEARSALS } from '../server/src/lsp/rehearsal';

const [editsArg, sampleEditsArg] = process.argv.slice(2);
const edits = Number(editsArg ?? 10);
const sampleEdits = Number(sampleEditsArg ?? 40);
const gc = (globalThis as { gc?: (o?: { type: 'minor' }) => void }).gc;
const never = (): boolean => false;
const check = (m: WorkerMessage): void => {
  if (m.type === 'failed') throw new Error(m.error);
};
let id = 1;

// the worker's warm-up (its jobs as the worker runs them), its steps run one after the other
const queue: (() => void)[] = [];
const warmUpJobs = new WarmUpJobs(never, () => gc?.({ type: 'minor' }), check);
warmUp(warmUpJobs.run, warmUpJobs.forget, (fn) => void queue.push(fn));
while (queue.length) queue.shift()!();
const longJob = longWarmUpJob();
const rewarm = (): void => {
  const program = warmUpJobs.longProgram;
  if (program) runAgain(longJob, program, never);
  gc?.({ type: 'minor' });
};

/** a document's job as the server sends it (`long`: as the editor runs long documents, lsp/runs.ts) */
function job(uri: string, text: string, long: boolean): JobRequest {
  const j: JobRequest = { id: id++, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 600_000, uri, early: true, packed: true };
  return long ? { ...j, trace: false, maxStepRecords: 0 } : j;
}
// REHEARSALS=N: the rehearsals after each open (lsp/rehearsal.ts's count by default)
const rehearsals = Number(process.env.REHEARSALS ?? REHEARSALS);
const cpu = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};
/** the worker's rehearsals of the document `j` opened (lsp/rehearsal.ts), each step's CPU to `each` */
function rehearse(j: JobRequest, each: (cpuMs: number) => void = () => undefined): void {
  const r = new EditRehearsal(j);
  for (let k = 0; k < rehearsals; k++) {
    each(cpu(() => r.step(k, never)));
    gc?.({ type: 'minor' });
  }
}
function open(j: JobRequest): void {
  executeJob(j, check);
  gc?.({ type: 'minor' });
  rehearse(j);
}

for (const f of bundledSamples(process.cwd())) {
  const text = readFileSync(f, 'utf8');
  const uri = `file:///bench/${f}`;
  open(job(uri, text, false));
  for (let k = 1; k <= sampleEdits; k++) {
    // REWARM_AT=end: the re-warm's runs after the sample's last edit instead of between its first ones
    if (k <= REWARM_RUNS && process.env.REWARM_AT !== 'end') rewarm();
    executeJob(job(uri, k % 2 === 1 ? text + ' ' : text, false), check);
    gc?.({ type: 'minor' });
  }
  if (process.env.REWARM_AT === 'end') for (let k = 0; k < REWARM_RUNS; k++) rewarm();
  forgetDocument(uri);
}

// the LSP bench's long document and its statement edits (bench/lsp-latency.mjs)
const base = lspBenchScenario(5000);
const lines = base.split('\n');
const last = lines.length - 1;
function textAt(i: number): string {
  let line = 5 + ((Math.floor(i / 2) * 769) % (last - 10));
  while (line < last && !lines[line].includes('mmap(4M)')) line++;
  if (i % 2 === 1) return base;
  const edited = [...lines];
  edited[line] = edited[line].replace('mmap(4M)', 'mmap(42M)');
  return edited.join('\n');
}

const session = process.env.PROFILE ? new inspector.Session() : undefined;
session?.connect();
session?.post('Profiler.enable');
session?.post('Profiler.setSamplingInterval', { interval: 100 });
// PROFILE_FROM=K: the profile covers the K-th to K+4-th edits instead (the open and rehearsals left out)
const profileFrom = process.env.PROFILE_FROM === undefined ? -1 : Number(process.env.PROFILE_FROM);
const profileEdits = Number(process.env.PROFILE_EDITS ?? 5);
if (profileFrom < 0) session?.post('Profiler.start');
if (process.env.MARK) console.log('=== the long document opens');
const uri = 'file:///bench/generated-5000-lines.mmlab';
const rows: string[] = [`open ${cpu(() => executeJob(job(uri, base, true), check)).toFixed(1)}`];
gc?.({ type: 'minor' });
rehearse(job(uri, base, true), (ms) => rows.push(`rehearsal ${ms.toFixed(1)}`));
// the first five edits again at the end (AGAIN=1), as the same work once the code is warm
const order = [...Array(edits).keys(), ...(process.env.AGAIN ? [0, 1, 2, 3, 4] : [])];
for (let n = 0; n < order.length; n++) {
  const i = order[n];
  if (n === profileFrom) session?.post('Profiler.start');
  if (n === Math.max(0, profileFrom) + profileEdits) stopProfile();
  let early = 0;
  const t0 = performance.now();
  const c = cpu(() =>
    executeJob(job(uri, textAt(i), true), (m) => {
      check(m);
      if (m.type === 'diagnostics') early = performance.now() - t0;
    }),
  );
  rows.push(`edit ${i} ${c.toFixed(1)}/${early.toFixed(1)}`);
  gc?.({ type: 'minor' });
}
if (order.length <= Math.max(0, profileFrom) + profileEdits) stopProfile();
function stopProfile(): void {
  if (session) {
    session.post('Profiler.stop', (err, r) => {
      if (!err) writeFileSync(process.env.PROFILE!, JSON.stringify((r as { profile: unknown }).profile));
    });
    if (process.env.MARK) console.log('=== five edits done');
  }
}
console.log(rows.join('\n'));
