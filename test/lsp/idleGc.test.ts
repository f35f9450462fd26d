import * as assert from 'assert';
import { exposeGc, IDLE_FIRST_MS, IDLE_GC_MIN_YOUNG_BYTES, IDLE_SHRINK_MS, IdleCollector, IdleCompactor, idleCompactOn, QUIET_COLLECTIONS, youngBytes } from '../../server/src/lsp/idleGc';

describe("the simulation worker's idle collection (lsp/idleGc.ts)", () => {
  it('collects the young generation once the thread is idle, only after a job that left enough in it', () => {
    let young = 0;
    const calls: string[] = [];
    const queued: (() => void)[] = [];
    const c = new IdleCollector((o) => calls.push(o?.type ?? 'full'), () => young, (fn) => queued.push(fn));
    young = IDLE_GC_MIN_YOUNG_BYTES - 1;
    c.afterJob();
    assert.strictEqual(queued.length, 0, 'a small job leaves nothing to collect');
    young = IDLE_GC_MIN_YOUNG_BYTES * 3;
    c.afterJob();
    c.afterJob();
    assert.strictEqual(queued.length, 1, 'one collection is pending at a time');
    assert.deepStrictEqual(calls, [], 'not during the job');
    queued.shift()!();
    assert.deepStrictEqual(calls, ['minor']);
    young = 0;
    c.afterJob();
    assert.strictEqual(queued.length, 0);
    young = IDLE_GC_MIN_YOUNG_BYTES;
    c.afterJob();
    young = 0; // another job ran and collected first
    queued.shift()!();
    assert.deepStrictEqual(calls, ['minor'], 'nothing left to collect when idle came');
    assert.strictEqual(c.collections, 1);
  });

  it('does not collect when a job is waiting by the time the collection is due: the job runs first, and its end schedules the collection again', () => {
    const calls: string[] = [];
    const queued: (() => void)[] = [];
    let waiting = false;
    const c = new IdleCollector((o) => calls.push(o?.type ?? 'full'), () => IDLE_GC_MIN_YOUNG_BYTES * 2, (fn) => queued.push(fn), () => waiting);
    c.afterJob();
    waiting = true; // the server posted the next edit's job before the timer fired
    queued.shift()!();
    assert.deepStrictEqual(calls, [], 'the waiting job is not kept behind a collection');
    waiting = false; // the job ran
    c.afterJob();
    assert.strictEqual(queued.length, 1, 'its end schedules the collection again');
    queued.shift()!();
    assert.deepStrictEqual(calls, ['minor']);
  });

  it('gets a gc() that empties the young generation, without exposing one globally', () => {
    const gc = exposeGc();
    assert.ok(gc, 'V8 gave a gc function');
    const keep: unknown[] = [];
    for (let i = 0; i < 200_000; i++) if (i % 1000 === 0) keep.push({ i });
    else void { i, s: `x${i}` };
    const before = youngBytes();
    gc({ type: 'minor' });
    assert.ok(youngBytes() < before, `${youngBytes()} < ${before}`);
    if (!process.execArgv.includes('--expose-gc')) assert.strictEqual(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
    assert.strictEqual(keep.length, 200);
  });

  it('keeps a gc() the thread already has (node --expose-gc): the flag stays for the threads started after it', () => {
    const g = globalThis as { gc?: unknown };
    const had = g.gc;
    const own = (): void => undefined;
    g.gc = own;
    try {
      assert.strictEqual(exposeGc(), own);
    } finally {
      if (had === undefined) delete g.gc;
      else g.gc = had;
    }
  });
});

describe("a thread's young generation shrunk once idle for seconds (lsp/idleGc.ts IdleCompactor)", () => {
  /** a clock and timers moved by hand */
  const fake = () => {
    let t = 0;
    const timers: { at: number; fn: () => void }[] = [];
    return {
      now: () => t,
      timer: (fn: () => void, ms: number) => {
        const e = { at: t + ms, fn };
        timers.push(e);
        return () => {
          const i = timers.indexOf(e);
          if (i >= 0) timers.splice(i, 1);
        };
      },
      timers,
      /** move the clock, firing the timers due on the way */
      advance(ms: number) {
        const end = t + ms;
        for (;;) {
          timers.sort((a, b) => a.at - b.at);
          if (!timers.length || timers[0].at > end) break;
          const next = timers.shift()!;
          t = next.at;
          next.fn();
        }
        t = end;
      },
    };
  };

  it('two young-generation collections, IDLE_FIRST_MS and then IDLE_SHRINK_MS after the last work; work in between starts over, never a second timer', () => {
    const clock = fake();
    const calls: string[] = [];
    const c = new IdleCompactor((o) => calls.push(o?.type ?? 'full'), clock.now, clock.timer);
    c.worked();
    assert.strictEqual(clock.timers.length, 1);
    clock.advance(IDLE_FIRST_MS / 2);
    c.worked();
    c.worked();
    assert.strictEqual(clock.timers.length, 1, 'one timer at a time');
    clock.advance(IDLE_FIRST_MS / 2);
    assert.deepStrictEqual(calls, [], 'the thread worked half the delay ago');
    clock.advance(IDLE_FIRST_MS / 2);
    const Q = QUIET_COLLECTIONS;
    assert.strictEqual(calls.length, Q, 'the first step, once idle IDLE_FIRST_MS (its collections in a row)');
    clock.advance(IDLE_SHRINK_MS - 1);
    assert.strictEqual(calls.length, Q);
    clock.advance(1);
    assert.strictEqual(calls.length, Q + 1, 'the second, IDLE_SHRINK_MS later');
    clock.advance(60_000);
    assert.strictEqual(calls.length, Q + 1, 'two steps per idle period');
    assert.strictEqual(clock.timers.length, 0);
    // work between the two: both again, counted from that work (not from the pending second's timer)
    c.worked();
    clock.advance(IDLE_FIRST_MS);
    assert.strictEqual(calls.length, 2 * Q + 1);
    clock.advance(IDLE_SHRINK_MS / 2);
    c.worked();
    assert.strictEqual(clock.timers.length, 1, "the second collection's timer replaced");
    clock.advance(IDLE_FIRST_MS);
    assert.strictEqual(calls.length, 3 * Q + 1, 'the first again, IDLE_FIRST_MS after the work');
    clock.advance(IDLE_SHRINK_MS - 1);
    assert.strictEqual(calls.length, 3 * Q + 1);
    clock.advance(1);
    assert.strictEqual(calls.length, 3 * Q + 2, 'the second, IDLE_FIRST_MS + IDLE_SHRINK_MS after the last work');
    assert.ok(calls.every((t) => t === 'minor'), 'never a full collection (ADR 0018: it deoptimises the next job)');
    assert.strictEqual(c.collections, 5);
  });

  it('does nothing without a gc() (MMLAB_IDLE_COMPACT=0 gives none)', () => {
    const clock = fake();
    new IdleCompactor(undefined, clock.now, clock.timer).worked();
    clock.advance(60_000);
    assert.strictEqual(clock.timers.length, 0);
    assert.strictEqual(idleCompactOn(undefined), true);
    assert.strictEqual(idleCompactOn('0'), false);
  });
});
