/**
 * A young-generation collection in the simulation worker's idle time, soon after it posted a
 * job's results, so that the next job does not stop for one. On the 5,000-line bench scenario a
 * job leaves tens of MB in the young generation (its results, kept for the next edit, and its
 * garbage); the scavenge the next job then triggered copied the kept part, 15-45 ms every second
 * or third job, inside the time from an edit to its diagnostics (the worker's CPU profile during
 * the LSP bench, and PerformanceObserver 'gc' entries per job). Between jobs it costs about the
 * same (11-13 ms per job under load) and no edit waits for it. Full collections are left to V8:
 * forcing one between jobs made the following jobs slower (job CPU p50 40 -> 67 ms, measured;
 * ADR 0018).
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { mark } from './editTiming';

/** V8's gc(): a full collection without options, a young-generation one with { type: 'minor' } */
export type GcFunction = (options?: { type: 'minor' }) => void;

/** Collect when a job left at least this much in the young generation (small files never do). */
export const IDLE_GC_MIN_YOUNG_BYTES = 8 * 1024 * 1024;

/**
 * V8's gc() for this thread, or undefined. The flag is set only while the function is made
 * (V8 flags are the process's; the server's own isolates never see a gc()).
 */
export function exposeGc(): GcFunction | undefined {
  // already there (node --expose-gc: the bench's heap probe): keep the flag for the threads started after this one
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as GcFunction;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as GcFunction) : undefined;
  } catch {
    return undefined;
  } finally {
    try {
      v8.setFlagsFromString('--no-expose-gc');
    } catch {
      // keep the flag: harmless
    }
  }
}

/** Bytes in the young generation now. */
export function youngBytes(): number {
  let n = 0;
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'new_space' || s.space_name === 'new_large_object_space') n += s.space_used_size;
  return n;
}

/**
 * How long after a job's results are posted its young generation is collected. At once, the
 * collection (the worker and the collector's helper threads, 4-10 ms) overlapped the server's
 * thread receiving and publishing the job's early diagnostics on a machine of two cores: in 14
 * LSP-bench runs, 63 of 770 edits had it in their window and took 15.1 ms on average against 10.1
 * (ADR 0020, 2026-12-05 sections). The diagnostics are published within a few milliseconds.
 */
export const IDLE_GC_DELAY_MS = 5;

/**
 * After a job: when it left enough in the young generation, collect it IDLE_GC_DELAY_MS later,
 * unless a job is waiting by then (`busy`: the server posted one this thread has not taken; Node
 * runs a due timer before a message that came meanwhile, and the job waited for the collection,
 * tens of ms after a long document's rehearsal): that job's own end schedules it again.
 */
export class IdleCollector {
  private pending = false;
  collections = 0;

  constructor(
    private readonly gc: GcFunction | undefined,
    private readonly young: () => number = youngBytes,
    private readonly later: (fn: () => void) => void = (fn) => void setTimeout(fn, IDLE_GC_DELAY_MS).unref(),
    private readonly busy: () => boolean = () => false,
  ) {}

  afterJob(): void {
    if (!this.gc || this.pending || this.young() < IDLE_GC_MIN_YOUNG_BYTES) return;
    this.pending = true;
    this.later(() => {
      this.pending = false;
      if (this.busy() || this.young() < IDLE_GC_MIN_YOUNG_BYTES) return;
      this.collections++;
      mark('idleGc');
      this.gc?.({ type: 'minor' });
      mark('idleGcEnd');
    });
  }
}

/**
 * A thread that has done no work for a few seconds gives back what its young generation grew to
 * for the work (ADR 0018, 2026-12-05 section). V8 grows a thread's young generation while jobs
 * keep much of what they allocate (the simulation worker's to 23-37 MB, the server's thread's to
 * 16-28 MB over 1,000 edits of a 5,000-line document: most of the RSS growth), and shrinks it back
 * at a collection only when the thread allocated almost nothing over the last 5 s (measured: a
 * collection 3 s after the last job left it as it was; one 6 s after a collection took it back to
 * 1 MB, and the RSS fell with it). So: a young-generation collection once the thread has been idle
 * IDLE_FIRST_MS (it starts the quiet period V8 measures), a second IDLE_SHRINK_MS later (V8 then
 * shrinks). Young-generation collections only: a full one in idle time deoptimised 70-200 compiled
 * functions ("weak objects": shapes only the last job's objects had) and the next job took 118-131
 * ms of CPU instead of 32-39 (the worker's job after a 6.5 s pause, alternated in one process); V8's own memory reducer
 * does such a full collection 10-45 s into an idle period, which this does not change.
 */
export const IDLE_FIRST_MS = 1000;
/** young-generation collections at IDLE_FIRST_MS (see IdleCompactor.check) */
export const QUIET_COLLECTIONS = 3;
export const IDLE_SHRINK_MS = 6000;

/** MMLAB_IDLE_COMPACT=0: never (A/B measurements) */
export function idleCompactOn(env: string | undefined = process.env.MMLAB_IDLE_COMPACT): boolean {
  return env !== '0';
}

/** a timer: runs `fn` after `ms`, unless the function it returns is called first */
export type Timer = (fn: () => void, ms: number) => () => void;

/** an unref'd timer: a thread waiting only for its compaction may exit */
const unrefTimer: Timer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return () => clearTimeout(t);
};

/**
 * Two young-generation collections after the thread's last work (`worked`): IDLE_FIRST_MS after
 * it, then IDLE_SHRINK_MS after that, both only if no work came in between (work starts it over,
 * so the second comes IDLE_FIRST_MS + IDLE_SHRINK_MS after the last work). One timer at a time:
 * work before the first collection moves it later without a new timer; work while the second is
 * awaited replaces that timer by the first's.
 */
export class IdleCompactor {
  private last = 0;
  private cancel?: () => void;
  /** the first collection of this idle period is done (the timer waits for the second) */
  private first = false;
  collections = 0;

  constructor(
    private readonly gc: GcFunction | undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly timer: Timer = unrefTimer,
  ) {}

  /** the thread did some work (a job, a rehearsal, a warm-up step, a result taken) */
  worked(): void {
    if (!this.gc) return;
    this.last = this.now();
    if (this.first) {
      // the quiet period V8 measures starts over: the first collection again, IDLE_FIRST_MS from now
      this.first = false;
      this.cancel?.();
      this.cancel = undefined;
    }
    if (this.cancel) return;
    this.cancel = this.timer(this.check, IDLE_FIRST_MS);
  }

  private readonly check = (): void => {
    const idle = this.now() - this.last;
    const due = this.first ? IDLE_FIRST_MS + IDLE_SHRINK_MS : IDLE_FIRST_MS;
    if (idle < due) {
      this.cancel = this.timer(this.check, due - idle);
      return;
    }
    this.collections++;
    mark(this.first ? 'idleShrink' : 'idleQuiet');
    // The first step collects three times: V8 counts what a collection promotes to the old
    // generation as allocation in the quiet period after it, and objects are promoted at their
    // second survival; after the third nothing is left to promote. With one, the server's thread
    // (which keeps the last results) declined to shrink at 1 of the 4 rests of a memory-section
    // run; with three, both threads were at 1 MB at all 4 rests of the next. Each is well under a
    // millisecond on an emptied young generation.
    const times = this.first ? 1 : QUIET_COLLECTIONS;
    for (let i = 0; i < times; i++) this.gc?.({ type: 'minor' });
    if (this.first) {
      this.first = false;
      this.cancel = undefined;
      return;
    }
    this.first = true;
    this.cancel = this.timer(this.check, IDLE_SHRINK_MS);
  };
}
