/**
 * Copies of the state on or off in the language server's worker (ADR 0011): worker CPU
 * per job (`executeJob`, process.cpuUsage) on a statement-edit pattern, the two settings
 * interleaved in one process (each edit runs once per setting, in alternating order), so that the
 * load of a shared machine falls on both alike.
 *
 *   npx tsx bench/copies.ts [lines=5000] [edits=40] [warmup=6]
 *   npx tsx bench/copies.ts sample <path.mmlab> [edits] [warmup]
 *
 * The pattern: `mmap(4M)` becomes `mmap(8M)` and back, at lines spread over the file (the LSP
 * bench's prime stride); on a sample, a number typed into its statements in turn.
 */
import { readFileSync } from 'fs';
import { executeJob, JobRequest, WorkerMessage } from '../server/src/lsp/jobs';
import { largeScenario } from './scenarios';

const args = process.argv.slice(2);
const sample = args[0] === 'sample' ? args[1] : undefined;
const [linesArg, editsArg, warmArg] = sample ? ['0', args[2], args[3]] : args;
const edits = Number(editsArg ?? 40);
const warmup = Number(warmArg ?? 6);
const base = sample ? readFileSync(sample, 'utf8') : largeScenario(Number(linesArg ?? 5000));
const lines = base.split('\n');
const large = lines.length > 2000;

/** the i-th text of the pattern: an edit at the i/2-th place, undone by the next */
function textAt(i: number): string {
  const cur = [...lines];
  if (i % 2 === 1) return base;
  if (sample) {
    // a number of the k-th line holding one, changed (sizes, counts, node ids)
    const withNum = lines.map((l, k) => (/\(\s*\d/.test(l) ? k : -1)).filter((k) => k >= 0);
    if (!withNum.length) return base + ' ';
    const k = withNum[(Math.floor(i / 2) * 7) % withNum.length];
    cur[k] = cur[k].replace(/\((\s*)(\d+)/, (_m, s: string, d: string) => `(${s}${Number(d) + 1}`);
    return cur.join('\n');
  }
  let line = 5 + ((Math.floor(i / 2) * 769) % Math.max(1, lines.length - 10));
  while (line < lines.length - 1 && !lines[line].includes('mmap(4M)')) line++;
  cur[line] = cur[line].replace('mmap(4M)', 'mmap(8M)');
  return cur.join('\n');
}

let id = 0;
function job(text: string, uri: string): number {
  const t = process.cpuUsage();
  let failed: string | undefined;
  const req: JobRequest = { id: ++id, text, designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 600_000, uri, ...(large ? { trace: false, maxStepRecords: 0 } : {}) };
  executeJob(req, (m: WorkerMessage) => {
    if (m.type === 'failed') failed = m.error;
  });
  if (failed) throw new Error(failed);
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

// the worker reads MMLAB_INCREMENTAL when it makes a document's session: one document per setting
const settings: [string, string][] = [
  ['on', 'file:///on.mmlab'],
  ['off', 'file:///off.mmlab'],
];
const ms: Record<string, number[]> = { on: [], off: [] };
for (const [name, uri] of settings) {
  process.env.MMLAB_INCREMENTAL = name === 'on' ? '1' : '0';
  job(base, uri);
}
for (let i = 0; i < warmup + edits; i++) {
  const text = textAt(i);
  const order = i % 4 < 2 ? settings : [...settings].reverse();
  for (const [name, uri] of order) {
    const t = job(text, uri);
    if (i >= warmup) ms[name].push(t);
  }
}
const q = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const f = (xs: number[]) => `p50 ${q(xs, 0.5).toFixed(1)}  p95 ${q(xs, 0.95).toFixed(1)}  max ${Math.max(...xs).toFixed(1)}  mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)}`;
console.log(`${sample ?? `generated ${lines.length} lines`}: ${edits} jobs per setting after ${warmup} of warm-up, worker CPU ms per job`);
for (const [name] of settings) console.log(`  copies ${name.padEnd(3)}  ${f(ms[name])}`);
