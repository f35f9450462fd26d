import * as assert from 'assert';
import { exposeGc, IDLE_GC_MIN_YOUNG_BYTES, IdleCollector, youngBytes } from '../../server/src/lsp/idleGc';

describe("the simulation worker's idle collection (lsp/idleGc.ts)", () => {
  it('collects the young generation once the thread is idle, only after a job that left enough in it', () => {
    let young = 0;
    const calls: string[] = [];
    const queued: (() => void)[] = [];
    const c = new IdleCollector((o) => calls.push(o.type), () => young, (fn) => queued.push(fn));
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
});
