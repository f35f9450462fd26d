/**
 * Copies of the state on (the worker's default: a copy at the edit) or off in the language
 * server's worker (ADR 0011, lsp/jobs.ts copiesPolicy): worker CPU per job
 * (`executeJob`, process.cpuUsage) on a statement-edit pattern. Each setting runs in its own
 * process (the garbage a setting leaves is collected in its own process, not charged to the
 * other), and the processes alternate, A B A B..., so that the load of a shared machine falls
 * on both alike.
 *
 *   npx tsx bench/copies.ts [lines=5000] [edits=40] [rounds=3]
 *   npx tsx bench/copies.ts sample <path.mmlab> [edits] [rounds]
 *
 * The pattern: `mmap(4M)` becomes `mmap(8M)` and back, at lines spread over the file (the LSP
 * bench's prime stride); on a sample, a number in a call's arguments changed, at its lines in turn.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { executeJob, JobRequest, WorkerMessage } from '../server/src/lsp/jobs';
import { largeScenario } from './scenarios';

const WARMUP = 6;
const args = process.argv.slice(2);
const child = args[0] === 'child' ? args[1] : undefined;
const rest = child ? args.slice(2) : args;
const sample = rest[0] === 'sample' ? rest[1] : undefined;
const [linesArg, editsArg, roundsArg] = sample ? ['0', rest[2], rest[3]] : rest;
const edits = Number(editsArg ?? 40);

function jobsCpu(setting: string): number[] {
  const base = sample ? readFileSync(sample, 'utf8') : largeScenario(Number(linesArg ?? 5000));
  const lines = base.split('\n');
  const withNum = lines.map((l, k) => (/\(\s*\d/.test(l) ? k : -1)).filter((k) => k >= 0);
  /** the i-th text of the pattern: an edit at the i/2-th place, undone by the next */
  const textAt = (i: number): string => {
    if (i % 2 === 1) return base;
    const cur = [...lines];
    if (sample) {
      if (!withNum.length) return base + ' ';
      const k = withNum[(Math.floor(i / 2) * 7) % withNum.length];
      cur[k] = cur[k].replace(/\((\s*)(\d+)/, (_m, s: string, d: string) => `(${s}${Number(d) + 1}`);
      return cur.join('\n');
    }
    let line = 5 + ((Math.floor(i / 2) * 769) % Math.max(1, lines.length - 10));
    while (line < lines.length - 1 && !lines[line].includes('mmap(4M)')) line++;
    cur[line] = cur[line].replace('mmap(4M)', 'mmap(8M)');
    return cur.join('\n');
  };
  // the worker reads MMLAB_INCREMENTAL when it makes a document's session: 'on' is its default
  // (a copy at the edit, lsp/jobs.ts copiesPolicy), 'off' is MMLAB_INCREMENTAL=0
  if (setting === 'on') delete process.env.MMLAB_INCREMENTAL;
  else process.env.MMLAB_INCREMENTAL = '0';
  const large = lines.length > 2000;
  const out: number[] = [];
  for (let i = -1; i < WARMUP + edits; i++) {
    const t = process.cpuUsage();
    let failed: string | undefined;
    const req: JobRequest = { id: i + 2, text: i < 0 ? base : textAt(i), designs: [null], fallbackDesign: 'stock', maxSteps: 50_000, maxMs: 600_000, uri: 'file:///bench.mmlab', ...(large ? { trace: false, maxStepRecords: 0 } : {}) };
    executeJob(req, (m: WorkerMessage) => {
      if (m.type === 'failed') failed = m.error;
    });
    if (failed) throw new Error(failed);
    const d = process.cpuUsage(t);
    if (i >= WARMUP) out.push((d.user + d.system) / 1000);
  }
  return out;
}

if (child) process.stdout.write(JSON.stringify(jobsCpu(child)));
else {
  const rounds = Number(roundsArg ?? 3);
  const ms: Record<string, number[]> = { on: [], off: [] };
  const perRound: Record<string, number[]> = { on: [], off: [] };
  for (let r = 0; r < rounds; r++) {
    for (const setting of r % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
      const xs = JSON.parse(execFileSync(process.execPath, [...process.execArgv, __filename, 'child', setting, ...rest], { encoding: 'utf8', maxBuffer: 1 << 24 })) as number[];
      ms[setting].push(...xs);
      perRound[setting].push(q(xs, 0.5));
    }
  }
  const what = sample ?? `generated ${Number(linesArg ?? 5000)} lines`;
  console.log(`${what}: ${rounds} rounds x ${edits} jobs per setting (after ${WARMUP} of warm-up), worker CPU ms per job`);
  for (const s of ['on', 'off']) console.log(`  copies ${s.padEnd(3)}  p50 ${q(ms[s], 0.5).toFixed(1)}  p95 ${q(ms[s], 0.95).toFixed(1)}  max ${Math.max(...ms[s]).toFixed(1)}  mean ${(ms[s].reduce((a, b) => a + b, 0) / ms[s].length).toFixed(1)}  (p50 per round ${perRound[s].map((x) => x.toFixed(1)).join(', ')})`);
}

function q(xs: number[], p: number): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
}
