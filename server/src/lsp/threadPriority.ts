/**
 * The language server's helper threads run at a lower CPU priority than the threads that answer the
 * editor (ADR 0032). A server process has the main thread (the LSP), the simulation workers, and
 * V8's platform threads (four on Node 20: the optimising compiler's jobs, the concurrent and
 * parallel parts of the garbage collectors, for every isolate of the process) with a few of Node's
 * own. On a 2-core machine a long document's first edit came while those threads compiled what its
 * opening had made hot: in five fresh servers (the edit-timing marks) the worker's thread waited
 * 0-21 ms for a core during the edit's run while the process's other threads used 9-69 ms of CPU,
 * the server's main thread under 1 ms of it; the scheduler shares the cores evenly between
 * runnable threads of one priority.
 *
 * So when the server starts, before it makes any worker, every thread the process has then, but the
 * calling one, is given HELPER_NICE (Linux, where setpriority on a thread id acts on that thread
 * alone). Threads made later (the simulation and what-if workers, made by the main thread) take the
 * main thread's priority, as threads do. The helpers lose nothing on an idle core; on a busy one
 * they wait for the editor's threads, which is the point: their work is ahead of need (code
 * optimised for later runs, collections that run concurrently anyway).
 *
 * MMLAB_HELPER_NICE: the priority (0-19; 0 leaves the threads as they are). A server started at a
 * nice value as high or higher (`nice -n 15 ...`) is left as it is: a thread's priority is only ever
 * lowered here. Elsewhere than Linux nothing is done.
 */
import * as os from 'os';
import { osThreadId, otherOsThreadIds } from './osThreads';

/**
 * the helpers' nice value: the scheduler's weight 110 against a nice-0 thread's 1,024, so the
 * editor's threads take a core first, while on a machine loaded with nice-0 work (a kernel build)
 * the helpers still get some CPU (at 19, weight 15, they would get next to none; both removed the
 * first edits' wait for a core in the LSP bench, ADR 0032)
 */
export const HELPER_NICE = 10;

/** MMLAB_HELPER_NICE read: a nice value 0-19, HELPER_NICE when unset; undefined when it is not one */
export function helperNice(env: string | undefined = process.env.MMLAB_HELPER_NICE): number | undefined {
  if (env === undefined || env === '') return HELPER_NICE;
  const n = Number(env);
  return Number.isInteger(n) && n >= 0 && n <= 19 ? n : undefined;
}

/**
 * What the server entry points call before they start the server: the setting read, a value that is
 * not one said on stderr (the editor's output channel for the server), and the helpers lowered
 */
export function applyHelperNice(env: string | undefined = process.env.MMLAB_HELPER_NICE, warn: (line: string) => void = (l) => void process.stderr.write(`${l}\n`)): Lowered | undefined {
  const nice = helperNice(env);
  if (nice === undefined) warn(`mmlab: MMLAB_HELPER_NICE=${JSON.stringify(env)} is not a nice value 0-19; V8's helper threads are left at the server's priority`);
  return lowerHelperThreads(nice);
}

export interface Lowered {
  /** thread ids given the nice value */
  lowered: number[];
  /** thread ids left as they were, with why (a thread that ended meanwhile, a refusal) */
  failed: { tid: number; why: string }[];
}

/**
 * Every thread of this process but the calling one at `nice` (helperNice(): the setting), unless
 * the calling one is at `nice` or nicer already (then none). Linux only: undefined elsewhere, or
 * when `nice` is 0 or not a nice value. Never throws: a thread that cannot be changed is listed in
 * `failed`.
 */
export function lowerHelperThreads(nice: number | undefined): Lowered | undefined {
  if (process.platform !== 'linux' || nice === undefined || nice === 0) return undefined;
  const self = osThreadId();
  const others = otherOsThreadIds();
  if (self === undefined || others === undefined) return undefined;
  const out: Lowered = { lowered: [], failed: [] };
  // a process started nicer than `nice` already: raising its threads' priority is not ours to do
  if (niceOf(self) >= nice) return out;
  for (const tid of others) {
    try {
      os.setPriority(tid, nice);
      out.lowered.push(tid);
    } catch (e) {
      out.failed.push({ tid, why: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

function niceOf(tid: number): number {
  try {
    return os.getPriority(tid);
  } catch {
    return 0;
  }
}
