/**
 * Where an edit's wall time goes, for measuring only: with MMLAB_EDIT_TIMING=FILE in the
 * server's environment every thread (the main thread and the simulation worker) appends one JSON
 * line per mark to FILE: { t (ms since the epoch, comparable across threads), thread, event,
 * ...fields }, and each garbage collection as an event 'gc' with its duration. Off (one check
 * per mark) otherwise. `node scripts/edit-timing.mjs FILE` reads the lines back into phases per
 * edit. Where Linux tells them, each mark also carries the thread's time on a core and its time
 * waiting for one so far (`cpu`, `wait`, ms; /proc/thread-self/schedstat): a phase's wall time
 * then splits into waiting (the machine busy) and the rest, which wall times alone cannot tell
 * apart. `wait` is exact (settled each time the thread gets a core); `cpu` of the running thread
 * lags by up to a scheduler tick (a few ms), so it is only good summed over many marks.
 */
import * as fs from 'fs';
import { PerformanceObserver } from 'perf_hooks';
import { threadId } from 'worker_threads';
import { otherOsThreadIds } from './osThreads';

const file = process.env.MMLAB_EDIT_TIMING;

export const editTimingOn = !!file;

/**
 * One mark. `withOthers`: also the CPU so far of the process's other threads (the marks around a
 * run: lsp/jobs.ts), where the reader prints what they did during it.
 */
export function mark(event: string, fields?: Record<string, unknown>, withOthers = false): void {
  if (!file) return;
  const t = performance.timeOrigin + performance.now();
  const others = withOthers ? othersCpu() : undefined;
  fs.appendFileSync(file, JSON.stringify({ t, thread: threadId, event, ...threadTimes(), ...fields, ...(others === undefined ? {} : { others }) }) + '\n');
}

let schedstat = process.platform === 'linux';

/** a thread's time on a core and waiting for one so far, in ms, from its schedstat file (ns); undefined when unreadable */
function schedstatOf(path: string): { cpu: number; wait: number } | undefined {
  try {
    const [run, wait] = fs.readFileSync(path, 'utf8').split(' ').map(Number);
    if (Number.isFinite(run) && Number.isFinite(wait)) return { cpu: run / 1e6, wait: wait / 1e6 };
  } catch {
    // (no schedstat, or a thread that ended meanwhile)
  }
  return undefined;
}

/** this thread's time on a core and waiting for one so far, in ms (/proc/thread-self/schedstat), where Linux has it */
function threadTimes(): { cpu: number; wait: number } | undefined {
  if (!schedstat) return undefined;
  const own = schedstatOf('/proc/thread-self/schedstat');
  // (none: a kernel built without schedstat; not asked again)
  if (!own) schedstat = false;
  return own;
}

/**
 * The time on a core so far of every other thread of this process, in ms (Linux): at the marks
 * around a run, what the server's other threads did meanwhile (V8's helper threads: concurrent
 * compiling and marking; the server's thread). The 5,000-line document's first edit waited for a
 * core while V8's helper threads used 8-34 ms of CPU during its run, a major collection of the
 * worker falling on it (2026-12-06, LSP-bench rounds).
 */
function othersCpu(): number | undefined {
  const others = schedstat ? otherOsThreadIds() : undefined;
  if (!others) return undefined;
  let ms = 0;
  for (const tid of others) ms += schedstatOf(`/proc/self/task/${tid}/schedstat`)?.cpu ?? 0;
  return ms;
}

if (file) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      fs.appendFileSync(file, JSON.stringify({ t: performance.timeOrigin + e.startTime, thread: threadId, event: 'gc', ms: e.duration, kind }) + '\n');
    }
  }).observe({ entryTypes: ['gc'] });
}
