import * as assert from 'assert';
import { analyzeStatic, StaticAnalysis } from '../../server/src/analysis/analyze';
import { analyzeStaticAfter, lastStaticReport } from '../../server/src/analysis/incrementalStatic';
import { exposeGc } from '../../server/src/lsp/idleGc';
import { largeScenario } from '../../bench/scenarios';

/**
 * The simulation worker keeps only its last static analysis of a document and makes the next one
 * from it (lsp/jobs.ts). A version must not keep the one before alive: a lazily lexed token list
 * whose thunk shared a closure context with the re-parse held the previous parse, and that one the
 * parse before it, so every version of an edited document stayed in memory (the worker's live heap
 * grew 20 -> 212 MiB over the bench's 1,000 edits). Checked with the garbage collector itself.
 */
describe('the incremental static analysis keeps no earlier version alive', function () {
  this.timeout(60000);

  /** seven versions, each made from the one before; weak references to the first (a function of its own: a suspended async function's registers could hold a stale reference) */
  function edits(): { first: WeakRef<StaticAnalysis>; firstParse: WeakRef<object>; latest: StaticAnalysis } {
    let text = largeScenario(400);
    let stat: StaticAnalysis = analyzeStatic(text);
    const edit = (i: number) => {
      // a digit typed into a size in the middle, then removed: the items after it move
      const at = text.indexOf('mmap(4M)', (text.length >> 1) + i * 97) + 'mmap(4'.length;
      text = i % 2 === 0 ? `${text.slice(0, at)}2${text.slice(at)}` : `${text.slice(0, at - 1)}${text.slice(at)}`;
      stat = analyzeStaticAfter(stat, text);
      assert.strictEqual(lastStaticReport.from, 'incremental', 'the edit is analysed from the version before');
    };
    edit(0);
    // the first version made incrementally: nothing but `stat` holds it now
    const first = new WeakRef(stat);
    const firstParse = new WeakRef(stat.parse);
    for (let i = 1; i <= 6; i++) edit(i);
    return { first, firstParse, latest: stat };
  }

  it('an analysis made from the one before lets that one, and its parse, be collected', async () => {
    const gc = exposeGc();
    assert.ok(gc, 'V8 gave a gc function');
    const { first, firstParse, latest } = edits();
    // a WeakRef's target lives to the end of the current job: collect in a later one
    await new Promise((r) => setImmediate(r));
    // called without options: V8's full collection (called with { type: 'major' } it left these objects here)
    (gc as unknown as () => void)();
    assert.strictEqual(firstParse.deref(), undefined, 'the parse of an earlier version is still reachable');
    assert.strictEqual(first.deref(), undefined, 'an earlier analysis is still reachable');
    // and the latest is whole: its tokens are lexed when read
    assert.ok(latest.parse.tokens.length > 0);
  });
});
