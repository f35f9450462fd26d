/**
 * A young-generation collection in the simulation worker's idle time, right after it posted a
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

export type GcFunction = (options: { type: 'minor' }) => void;

/** Collect when a job left at least this much in the young generation (small files never do). */
export const IDLE_GC_MIN_YOUNG_BYTES = 8 * 1024 * 1024;

/**
 * V8's gc() for this thread, or undefined. The flag is set only while the function is made
 * (V8 flags are the process's; the server's own isolates never see a gc()).
 */
export function exposeGc(): GcFunction | undefined {
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
 * After a job: when it left enough in the young generation, collect it once the thread is idle
 * (setImmediate: a job message already waiting runs first, and the collection follows it).
 */
export class IdleCollector {
  private pending = false;
  collections = 0;

  constructor(
    private readonly gc: GcFunction | undefined,
    private readonly young: () => number = youngBytes,
    private readonly later: (fn: () => void) => void = (fn) => void setImmediate(fn),
  ) {}

  afterJob(): void {
    if (!this.gc || this.pending || this.young() < IDLE_GC_MIN_YOUNG_BYTES) return;
    this.pending = true;
    this.later(() => {
      this.pending = false;
      if (this.young() < IDLE_GC_MIN_YOUNG_BYTES) return;
      this.collections++;
      mark('idleGc');
      this.gc?.({ type: 'minor' });
      mark('idleGcEnd');
    });
  }
}
