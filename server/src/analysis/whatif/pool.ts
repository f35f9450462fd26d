/**
 * Worker threads for what-if runs (explore, sweep, the editor's What-if command): a script that
 * calls serveJobs() when isWhatIfWorker() (the CLI bundle, the language server's worker bundle)
 * is started N times. The jobs are grouped by text (summary.ts batchJobs): a worker takes one
 * text at a time from a shared queue, parses and checks it once, runs it under each of its
 * designs and answers with the runs' summaries. close() terminates them; every run still keeps
 * its own emulator budget. Node-only (worker_threads) but knows nothing of LSP or the CLI.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { batchJobs, Runner, RunSummary, summarizeBatch, WhatIfBatch } from './summary';

const ROLE = 'mmlab-whatif-worker';

/** true in a worker thread started by runInWorkers (main.ts then serves jobs instead of parsing argv) */
export function isWhatIfWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

export function serveJobs(): void {
  parentPort!.on('message', (m: { id: number; batch: WhatIfBatch }) => {
    let summaries: (RunSummary | undefined)[];
    try {
      summaries = summarizeBatch(m.batch);
    } catch {
      summaries = []; // summarizeBatch never throws on user input; an emulator bug loses these runs
    }
    parentPort!.postMessage({ id: m.id, summaries });
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
      const finish = () => resolve(results);
      const feed = (w: Worker) => {
        if (closed || isCancelled?.() || next >= batches.length) return false;
        const id = next++;
        w.postMessage({ id, batch: batches[id].batch });
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
        w.on('error', reject);
        w.on('message', (m: { id: number; summaries: (RunSummary | undefined)[] }) => {
          const index = batches[m.id].index;
          index.forEach((j, k) => (results[j] = m.summaries[k]));
          done += index.length;
          progress?.(done, jobs.length);
          if (!feed(w) && ++idle === n) finish();
        });
        if (!feed(w) && ++idle === n) finish();
      }
    });
  return { run, close };
}
