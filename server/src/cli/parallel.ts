/**
 * Worker threads for what-if runs (explore, sweep): the CLI bundle starts copies of itself as
 * workers (main.ts names the bundle with setWorkerScript and hands a worker its role), each takes one job at a time from a shared queue
 * and answers with the run's summary. Cancelling (Ctrl-C) terminates the workers; every run
 * still keeps its own emulator budget. Under tsx (tests) or with --jobs 1 the jobs run in process.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { runInProcess, Runner, RunSummary, summarize, WhatIfJob } from '../analysis/whatif/summary';
import { CliOptions } from './args';

const ROLE = 'mmlab-whatif-worker';

let workerScript: string | undefined;

/** The CLI bundle names itself here (main.ts): workers are started from it; without it jobs run in process. */
export function setWorkerScript(path: string): void {
  workerScript = path;
}

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

/** The runner a CLI command uses, with a progress line on stderr when it is a terminal. */
export function cliRunner(o: CliOptions): { run: Runner; close: () => void; progress?: (done: number, total: number) => void } {
  const script = workerScript ?? '';
  const threads = o.jobs ?? availableParallelism();
  const tty = !!process.stderr.isTTY && !o.json;
  let last = 0;
  const progress = tty
    ? (done: number, total: number) => {
        const now = Date.now();
        if (done < total && now - last < 100) return;
        last = now;
        process.stderr.write(`\r${o.command}: ${done}/${total} runs${done === total ? '\x1b[K\n' : ''}`);
      }
    : undefined;
  let cancelled = false;
  const onSigint = () => {
    cancelled = true;
    if (tty) process.stderr.write('\ncancelled\n');
  };
  process.once('SIGINT', onSigint);
  const release = () => process.removeListener('SIGINT', onSigint);
  if (threads <= 1 || !script.endsWith('.js')) {
    return { run: (jobs, p, c) => runInProcess(jobs, p, () => cancelled || !!c?.()), close: release, progress };
  }
  const pool = runInWorkers(script, threads);
  return {
    run: (jobs, p, c) => pool.run(jobs, p, () => cancelled || !!c?.()),
    close: () => {
      pool.close();
      release();
    },
    progress,
  };
}
