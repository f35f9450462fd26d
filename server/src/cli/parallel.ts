/**
 * The CLI's what-if runner: worker threads (analysis/whatif/pool.ts) started from the CLI bundle
 * itself (main.ts names it with setWorkerScript and serves jobs in a worker), a progress line on
 * stderr when it is a terminal, Ctrl-C stops handing out runs. Under tsx (tests) or with
 * --jobs 1 the jobs run in process.
 */
import { availableParallelism } from 'node:os';
import { runInProcess, Runner } from '../analysis/whatif/summary';
import { runInWorkers } from '../analysis/whatif/pool';
import { CliOptions } from './args';

export { isWhatIfWorker, serveJobs } from '../analysis/whatif/pool';

let workerScript: string | undefined;

/** The CLI bundle names itself here (main.ts): workers are started from it; without it jobs run in process. */
export function setWorkerScript(path: string): void {
  workerScript = path;
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
