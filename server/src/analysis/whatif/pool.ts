/**
 * Worker threads for what-if runs (explore, sweep, the editor's What-if command): a script that
 * calls serveJobs() when isWhatIfWorker() (the CLI bundle, the language server's worker bundle)
 * is started N times; each worker takes one job at a time from a shared queue and answers with
 * the run's summary. close() terminates them; every run still keeps its own emulator budget.
 * Node-only (worker_threads) but knows nothing of LSP or the CLI.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Runner, RunSummary, summarize, WhatIfJob } from './summary';

const ROLE = 'mmlab-whatif-worker';

/** true in a worker thread started by runInWorkers (main.ts then serves jobs instead of parsing argv) */
export function isWhatIfWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

export function serveJobs(): void {
  parentPort!.on('message', (m: { id: number; job: WhatIfJob }) => {
    let summary: RunSummary | undefined;
    try {
      summary = summarize(m.job);
    } catch {
      summary = undefined; // summarize never throws on user input; an emulator bug loses this one run
    }
    parentPort!.postMessage({ id: m.id, summary });
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
      let next = 0;
      let done = 0;
      const n = Math.max(1, Math.min(threads, jobs.length));
      if (!jobs.length) return resolve([]);
      const finish = () => resolve(results);
      const feed = (w: Worker) => {
        if (closed || isCancelled?.() || next >= jobs.length) return false;
        const id = next++;
        w.postMessage({ id, job: jobs[id] });
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
        w.on('message', (m: { id: number; summary?: RunSummary }) => {
          results[m.id] = m.summary;
          done++;
          progress?.(done, jobs.length);
          if (!feed(w) && ++idle === n) finish();
        });
        if (!feed(w) && ++idle === n) finish();
      }
    });
  return { run, close };
}
