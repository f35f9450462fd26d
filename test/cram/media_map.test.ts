import * as assert from 'assert';
import { CxlCompressedDevice } from '../../server/src/mm/cxl_device';
import { CramMediaMap, RunSet } from '../../server/src/mm/cxl_device/media_map';

const dev = () => new CxlCompressedDevice({ logicalBytes: 1000 * 4096, mediaBytes: 10_000 * 4096, ratio: 2 });

describe('cram media map: pages by compression class on device pages', () => {
  it('RunSet hands out the lowest pages first and merges what comes back', () => {
    const s = new RunSet({ start: 0, count: 100 });
    assert.deepStrictEqual(s.take(10), [{ start: 0, count: 10 }]);
    assert.deepStrictEqual(s.take(5), [{ start: 10, count: 5 }]);
    s.add({ start: 0, count: 10 });
    assert.strictEqual(s.runCount, 2);
    s.add({ start: 10, count: 5 });
    assert.strictEqual(s.runCount, 1, 'merged back into one run');
    assert.strictEqual(s.pages, 100);
  });

  it('erase releases pages of the class that was stored, and falls back to others (most expensive first)', () => {
    const m = new CramMediaMap(dev());
    m.store(10, 1); // 4096 each
    m.store(10, 4); // 1024 each
    assert.strictEqual(m.device.usedBytes, 10 * 4096 + 10 * 1024);
    m.erase(5, 4, true);
    assert.strictEqual(m.device.usedBytes, 10 * 4096 + 5 * 1024);
    m.erase(7, 4, true); // only 5 left in class 4: 2 more from class 1
    assert.strictEqual(m.device.usedBytes, 8 * 4096);
    assert.strictEqual(m.livePages, 8);
    assert.deepStrictEqual(m.classes(), [{ cost: 4096, pages: 8 }]);
  });

  it('unzeroed departures stay on the media as stale data and are overwritten first', () => {
    const m = new CramMediaMap(dev());
    m.store(10, 1);
    m.erase(10, 1, false);
    assert.strictEqual(m.stalePages, 10);
    assert.strictEqual(m.device.usedBytes, 10 * 4096);
    m.store(4, 64);
    assert.strictEqual(m.stalePages, 6);
    assert.strictEqual(m.device.usedBytes, 6 * 4096 + 4 * 64);
  });

  it('rewrite changes the class of pages in place', () => {
    const m = new CramMediaMap(dev());
    m.store(10, 4);
    m.rewrite(3, 4, 1);
    assert.deepStrictEqual(m.classes(), [
      { cost: 1024, pages: 7 },
      { cost: 4096, pages: 3 },
    ]);
    assert.strictEqual(m.device.usedBytes, 7 * 1024 + 3 * 4096);
  });

  it('a store beyond the logical pages places only what exists', () => {
    const m = new CramMediaMap(dev());
    assert.strictEqual(m.store(1200, 2).pages, 1000);
    assert.strictEqual(m.livePages, 1000);
  });
});
