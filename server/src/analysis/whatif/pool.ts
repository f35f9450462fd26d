/**
 * Worker threads for what-if runs (explore, sweep, the editor's What-if command): a script that
 * calls serveJobs() when isWhatIfWorker() (the CLI bundle, the language server's worker bundle)
 * is started N times. The jobs are grouped by text (summary.ts batchJobs): a worker takes one
 * text at a time from a shared queue, parses and checks it once, runs it under each of its
 * designs and answers with the runs' summaries. A cancel reaches a worker between statements
 * (a shared flag); close() terminates them; every run still keeps its own emulator budget.
 * Node-only (worker_threads) but knows nothing of LSP or the CLI.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { batchJobs, RowOutcome, Runner, RunSummary, summarizeBatch, SUMMARY_RUN, WhatIfBatch } from './summary';

const ROLE = 'mmlab-whatif-worker';

/** true in a worker thread started by runInWorkers (main.ts then serves jobs instead of parsing argv) */
export function isWhatIfWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

export function serveJobs(): void {
  parentPort!.on('message', (m: { id: number; batch: WhatIfBatch; cancel: Int32Array }) => {
    let packed: PackedBatch;
    try {
      packed = packBatch(summarizeBatch(m.batch, SUMMARY_RUN, true, () => Atomics.load(m.cancel, 0) !== 0));
    } catch {
      packed = packBatch([]); // summarizeBatch never throws on user input; an emulator bug loses these runs
    }
    parentPort!.postMessage({ id: m.id, packed });
  });
}

export function runInWorkers(script: string, threads: number): { run: Runner; close: () => void } {
  const workers: Worker[] = [];
  let closed = false;
  const close = () => {
    closed = true;
    for (const w of workers.splice(0)) void w.terminate();
  };
  const run: Runner = (jobs, progress, isCancelled) =>
    new Promise((resolve, reject) => {
      const results: (RunSummary | undefined)[] = new Array(jobs.length).fill(undefined);
      if (!jobs.length) return resolve([]);
      const batches = batchJobs(jobs, threads);
      let next = 0;
      let done = 0;
      const n = Math.max(1, Math.min(threads, batches.length));
      // a batch runs several designs: a cancel must reach the worker inside one, not only between
      // batches. The workers read this flag between statements (shared memory, no message needed).
      const cancel = new Int32Array(new SharedArrayBuffer(4));
      const poll = isCancelled ? setInterval(() => isCancelled() && Atomics.store(cancel, 0, 1), 50) : undefined;
      const finish = () => {
        if (poll) clearInterval(poll);
        resolve(results);
      };
      const fail = (e: unknown) => {
        if (poll) clearInterval(poll);
        reject(e);
      };
      const feed = (w: Worker) => {
        if (closed || isCancelled?.() || next >= batches.length) return false;
        const id = next++;
        w.postMessage({ id, batch: batches[id].batch, cancel });
        return true;
      };
      let idle = 0;
      for (let i = 0; i < n; i++) {
        const w = workers[i] ?? new Worker(script, { workerData: { role: ROLE } });
        if (!workers[i]) {
          workers[i] = w;
          w.unref();
        }
        w.removeAllListeners('message');
        w.removeAllListeners('error');
        w.on('error', fail);
        w.on('message', (m: { id: number; packed: PackedBatch }) => {
          const index = batches[m.id].index;
          const summaries = unpackBatch(m.packed);
          index.forEach((j, k) => (results[j] = summaries[k]));
          done += index.length;
          progress?.(done, jobs.length);
          if (!feed(w) && ++idle === n) finish();
        });
        if (!feed(w) && ++idle === n) finish();
      }
    });
  return { run, close };
}

/**
 * A batch's summaries as they cross the thread boundary (structured clone: its cost is paid on
 * the main thread, which deserializes every batch): every design ran the same file, so the rows'
 * kind, line and text go once and each run sends its cells (cell and outcome per row). A third
 * of the bytes, and the row texts are shared by the summaries of a batch after unpacking.
 */
export interface PackedBatch {
  staticErrors: number;
  checks: string[];
  heads: [RowOutcome['kind'], number, string][];
  runs: (PackedRun | null)[];
}

type PackedRun = Omit<RunSummary, 'staticErrors' | 'checks' | 'rows'> & { cells: string[] };

export function packBatch(summaries: (RunSummary | undefined)[]): PackedBatch {
  const first = summaries.find(Boolean);
  const heads = (first?.rows ?? []).map((r): [RowOutcome['kind'], number, string] => [r.kind, r.line, r.text]);
  return {
    staticErrors: first?.staticErrors ?? 0,
    checks: first?.checks ?? [],
    heads,
    runs: summaries.map((s) => {
      if (!s) return null;
      const { staticErrors: _e, checks: _c, rows, ...rest } = s;
      const cells: string[] = [];
      rows.forEach((r, i) => {
        // one file, one set of rows: a run that differs would be unpacked wrongly, so it is an error here
        if (r.kind !== heads[i]?.[0] || r.line !== heads[i][1] || r.text !== heads[i][2]) throw new Error('what-if: the runs of a batch have different rows');
        cells.push(r.cell, r.outcome);
      });
      return { ...rest, cells };
    }),
  };
}

/** the summaries again, with their fields in summaryOf's order (explore --json prints one) */
export function unpackBatch(p: PackedBatch): (RunSummary | undefined)[] {
  return p.runs.map((r) => {
    if (!r) return undefined;
    const { design, verdict, errors, leaks, nodes, cut, executed, cells } = r;
    const rows: RowOutcome[] = p.heads.map(([kind, line, text], i) => ({ kind, line, text, cell: cells[2 * i], outcome: cells[2 * i + 1] }));
    return { design, verdict, staticErrors: p.staticErrors, checks: p.checks, errors, leaks, rows, nodes, ...(cut ? { cut } : {}), executed };
  });
}
