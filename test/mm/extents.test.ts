import * as assert from 'assert';
import { countValue, NP, PageSet, positionAfterK } from '../../server/src/mm/extents';

describe('extents', () => {
  it('a periodic extent counts pages per node without visiting pages', () => {
    const e = { start: 0, len: 1 << 30, cycle: [0, 1, 2, 3], base: 1, stamp: 0, ratio: 0, wp: false, pins: 0, mlocked: false };
    assert.strictEqual(countValue(e, 0), 1 << 28);
    assert.strictEqual(countValue(e, 1, 0, 5), 2); // pages 0..4 -> slots 1,2,3,0,1: node 1 twice
  });
  it('positionAfterK finds the k-th page of a value', () => {
    const e = { start: 10, len: 100, cycle: [5, 6, 6], base: 0, stamp: 0, ratio: 0, wp: false, pins: 0, mlocked: false };
    // page p has value cycle[p % 3]: 12 -> 5? (12 % 3 = 0 -> 5)
    assert.strictEqual(positionAfterK(e, 5, 1), 13);
    assert.strictEqual(positionAfterK(e, 6, 2), 12);
  });
  it('remapRange moves the first k pages of a value, in address order, and coalesces', () => {
    const s = new PageSet(1000, 1);
    assert.strictEqual(s.remapRange(0, 1000, NP, 0, 600), 600);
    assert.strictEqual(s.remapRange(0, 1000, NP, 1, 400), 400);
    assert.deepStrictEqual([...s.counts().entries()].sort(), [
      [0, 600],
      [1, 400],
    ]);
    assert.strictEqual(s.remapRange(100, 900, 0, 2, 10000), 500);
    assert.strictEqual(s.countOn(0), 100);
    assert.strictEqual(s.countOn(2), 500);
    assert.ok(s.extents.length <= 4, `${s.extents.length} extents`);
  });
});
