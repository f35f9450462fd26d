/**
 * Copies of the state that cost what changed (run/incremental.ts, ADR 0011, 2026-12-05 second
 * section). Most of a long scenario's state is its tasks: each task with its mappings, their page
 * sets, extents and policies (about 25 objects a task, 14,000 of the 16,000 objects of the bench's
 * 5,000-line state). Copies used to walk all of them at every copy and every restore.
 *
 * Now a task is copied on write, a whole task at a time. A copy of the state takes the tasks as
 * they are: from then on they belong to the copy and are never changed, and the state copies a
 * task again only when it is handed out to be read or changed. A restore shares the kept copy's
 * tasks the same way. So a copy costs the rest of the state (nodes, counters: about a hundred
 * objects) plus the running block's task, and a task the run never reaches again is never copied.
 *
 * Why it is sound: a task's objects are reached only from the task (they hold no object of the
 * rest of the state but immutable ones: spans, one-value cycles; the rest holds none of theirs but
 * the task itself, in `KernelState.tasks` and the running block's context), and the emulator
 * reaches a task only through `Mm.tasks` (every task handed out), `Mm.task(name)` and
 * `Mm.addTask` (one), or the block's context (whose task is handed out again right after each
 * copy). The audit of test/run/incrementalCopies.test.ts checks every copy against the state it
 * copies and every kept copy against itself, so a write around these hands shows there: it would
 * change a kept copy.
 */
import { internedCycles } from './extents';
import { forkState } from './fork';
import { KernelState, setTaskWrites, Task, TaskBarrier } from './machine';

export class TaskWrites implements TaskBarrier {
  /** tasks the state made or copied since the last copy (its own; every other belongs to a copy) */
  private readonly owned = new Set<Task>();
  /** objects of the tasks copied since the last copy (they become part of the next copy) */
  private copied = 0;

  /** test only: hand out a copy's tasks as they are (a write around the marks, which the audit must catch) */
  private constructor(private readonly leaky = false) {}

  /** start watching `k`: every task it holds now belongs to a copy */
  static watch(k: KernelState, leaky = false): TaskWrites {
    const w = new TaskWrites(leaky);
    setTaskWrites(k, w);
    return w;
  }

  use(k: KernelState, t: Task): Task {
    return this.owned.has(t) || this.leaky ? t : this.own(k, t);
  }

  useAll(k: KernelState): void {
    for (const t of [...k.tasks.values()]) if (!this.owned.has(t)) this.own(k, t);
  }

  /** a new task: the state's own */
  added(t: Task): void {
    this.owned.add(t);
  }

  /**
   * A copy of the state took its tasks as they are: they are the copy's now. Returns the objects
   * of the tasks copied since the copy before (a copy's memory: it holds them).
   */
  taken(): number {
    this.owned.clear();
    const n = this.copied;
    this.copied = 0;
    return n;
  }

  /** a copy's task, replaced in the state by a copy of it the state owns */
  private own(k: KernelState, t: Task): Task {
    const memo = new Map<object, unknown>();
    const own = forkState(t, immutables(), memo);
    k.tasks.set(t.name, own);
    this.owned.add(own);
    this.copied += memo.size;
    return own;
  }
}

/**
 * Objects of the state that are never changed and may be held by several tasks and the rest of
 * the state alike: copies share them (the one-value cycles of extents.ts; spans are shared by shape, mm/fork.ts)
 */
export function immutables(): Set<object> {
  return new Set<object>(internedCycles());
}
