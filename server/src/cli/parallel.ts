/**
 * The CLI's what-if runner: worker threads (analysis/whatif/pool.ts) started from the CLI bundle
 * itself (main.ts names it with setWorkerScript and serves jobs in a worker), a progress line on
 * stderr when it is a terminal, Ctrl-C stops handing out runs and the command exits 130. Under tsx (tests) or with
 * --jobs 1 the jobs run in process.
 */
import { availableParallelism } from 'node:os';
import { runInProcess, Runner } from '../analysis/whatif/summary';
import { runInWorkers } from '../analysis/whatif/pool';
import { CliOptions } from './args';
import type { CommandResult } from './commands/common';

export { isWhatIfWorker, serveJobs } from '../analysis/whatif/pool';

let workerScript: string | undefined;

/** The CLI bundle names itself here (main.ts): workers are started from it; without it jobs run in process. */
export function setWorkerScript(path: string): void {
  workerScript = path;
}

export interface CliRunner {
  run: Runner;
  close: () => void;
  progress?: (done: number, total: number) => void;
  /** a Ctrl-C arrived while it ran: its answer is partial */
  interrupted: () => boolean;
}

/** What `whileRunning` gives back when a Ctrl-C stopped the work. */
export const INTERRUPTED = Symbol('interrupted');

/**
 * Do a command's what-if work with `runner` and close it. After a Ctrl-C the answer is partial
 * (the runs not started are missing, and a partial answer would read as the scenario's outcome),
 * so the caller gets INTERRUPTED instead, and `interruptedResult` says so with exit status 130.
 */
export async function whileRunning<T>(runner: CliRunner, work: () => Promise<T>): Promise<T | typeof INTERRUPTED> {
  try {
    const r = await work();
    return runner.interrupted() ? INTERRUPTED : r;
  } catch (e) {
    if (runner.interrupted()) return INTERRUPTED;
    throw e;
  } finally {
    runner.close();
  }
}

/** exit 130 (128 + SIGINT, as a shell reports a Ctrl-C), nothing on stdout, the reason on stderr */
export function interruptedResult(command: string): CommandResult {
  return { exitCode: 130, stdout: '', stderr: `mmlab ${command}: interrupted (Ctrl-C); no result` };
}

/** The runner a CLI command uses, with a progress line on stderr when it is a terminal. */
export function cliRunner(o: CliOptions): CliRunner {
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
    return { run: (jobs, p, c) => runInProcess(jobs, p, () => cancelled || !!c?.()), close: release, progress, interrupted: () => cancelled };
  }
  const pool = runInWorkers(script, threads);
  return {
    run: (jobs, p, c) => pool.run(jobs, p, () => cancelled || !!c?.()),
    close: () => {
      pool.close();
      release();
    },
    progress,
    interrupted: () => cancelled,
  };
}
