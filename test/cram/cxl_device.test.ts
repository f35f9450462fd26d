import * as assert from 'assert';
import fc from 'fast-check';
import { CxlCompressedDevice, pageCost, profileRatio, PAGE_SIZE } from '../../server/src/mm/cxl_device';

const G = 1 << 30;
const T = 1024 * G;

function dev(over: Partial<ConstructorParameters<typeof CxlCompressedDevice>[0]> = {}) {
  return new CxlCompressedDevice({ logicalBytes: 4 * G, mediaBytes: 2 * G, ratio: 2, watermarks: { low: 0.1, high: 0.25 }, ...over });
}

describe('cxl_device: compression profiles and page cost', () => {
  it('profiles cost zero 64:1, text 3:1, random 1:1, ratio(R) R:1', () => {
    assert.strictEqual(pageCost(profileRatio({ kind: 'zero' })), 64);
    assert.strictEqual(pageCost(profileRatio({ kind: 'text' })), 1366); // ceil(4096/3)
    assert.strictEqual(pageCost(profileRatio({ kind: 'random' })), PAGE_SIZE);
    assert.strictEqual(pageCost(profileRatio({ kind: 'ratio', ratio: 4 })), 1024);
    assert.strictEqual(pageCost(0.5), PAGE_SIZE, 'ratios below 1 are stored raw');
  });

  it('a write without a profile uses the node ratio; media grows by pages x cost', () => {
    const d = dev();
    const e = d.write(0, 1000);
    assert.strictEqual(e.deltaBytes, 1000 * 2048);
    assert.strictEqual(d.usedBytes, 1000 * 2048);
    d.write(1000, 10, 1);
    assert.strictEqual(d.usedBytes, 1000 * 2048 + 10 * 4096);
    assert.strictEqual(d.stats().storedPages, 1010);
  });

  it('media capacity defaults to logical / ratio', () => {
    const d = new CxlCompressedDevice({ logicalBytes: 4 * G, ratio: 2 });
    assert.strictEqual(d.mediaBytes, 2 * G);
    assert.strictEqual(new CxlCompressedDevice({ logicalBytes: 4 * G }).mediaBytes, 2 * G, 'default ratio 2.0');
  });

  it('rewriting pages replaces their cost (random data into text pages grows media)', () => {
    const d = dev();
    d.write(0, 100, 3);
    const before = d.usedBytes;
    const e = d.write(10, 20, 1);
    assert.strictEqual(e.deltaBytes, 20 * (4096 - 1366));
    assert.strictEqual(d.usedBytes, before + 20 * (4096 - 1366));
    assert.strictEqual(d.costOf(0, 100), 80 * 1366 + 20 * 4096);
  });

  it('zeroing deallocates media', () => {
    const d = dev();
    d.write(0, 100, 3);
    d.zero(0, 40);
    assert.strictEqual(d.usedBytes, 60 * 1366);
    assert.strictEqual(d.storedIn(0, 100), 60);
    assert.strictEqual(d.stats().zeroedPages, 40);
  });

  it('move keeps media use and carries the cost to the new pages', () => {
    const d = dev();
    d.write(0, 10, 1);
    d.write(10, 10, 64);
    const used = d.usedBytes;
    d.move(0, 500, 20);
    assert.strictEqual(d.usedBytes, used);
    assert.strictEqual(d.storedIn(0, 20), 0);
    assert.strictEqual(d.costOf(500, 10), 10 * 4096);
    assert.strictEqual(d.costOf(510, 10), 10 * 64);
  });
});

describe('cxl_device: set_ratio', () => {
  it('changes the cost of data written from then on, not of data already stored', () => {
    const d = dev();
    d.write(0, 100);
    d.setRatio(4);
    assert.strictEqual(d.costOf(0, 100), 100 * 2048, 'stored data keeps its cost until rewritten');
    d.write(100, 100);
    assert.strictEqual(d.costOf(100, 100), 100 * 1024);
    d.write(0, 100); // rewrite: recompressed at the new ratio
    assert.strictEqual(d.costOf(0, 100), 100 * 1024);
  });
  it('an explicit profile wins over the device ratio', () => {
    const d = dev();
    d.setRatio(8);
    d.write(0, 1, 1);
    assert.strictEqual(d.costOf(0, 1), 4096);
  });
});

describe('cxl_device: watermarks and hysteresis', () => {
  it('low fires once when free media falls below low; high fires only after a low, above high', () => {
    const d = dev({ logicalBytes: 400 * PAGE_SIZE, mediaBytes: 100 * PAGE_SIZE, ratio: 1 });
    // 100 pages of media; low = 10 free pages, high = 25 free pages
    assert.deepStrictEqual(d.write(0, 90).irqs, [], 'free 10% is not below 10%');
    assert.deepStrictEqual(d.write(90, 1).irqs, ['low']);
    assert.deepStrictEqual(d.write(91, 2).irqs, [], 'edge-triggered: no second low');
    assert.deepStrictEqual(d.zero(0, 10).irqs, [], 'free 17%: inside the band, nothing');
    assert.deepStrictEqual(d.zero(10, 8).irqs, [], 'free exactly 25% is not above 25%');
    assert.deepStrictEqual(d.zero(18, 1).irqs, ['high']);
    assert.deepStrictEqual(d.zero(19, 5).irqs, [], 'no second high');
    assert.deepStrictEqual(d.write(0, 30).irqs, ['low'], 'pages 0-23 were free: 93 used again, free 7%: armed again');
  });

  it('a sequence of writes and frees produces alternating irqs (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 40 })), { maxLength: 60 }), (ops) => {
        const d = dev({ logicalBytes: 400 * PAGE_SIZE, mediaBytes: 100 * PAGE_SIZE, ratio: 1 });
        let next = 0;
        const all: string[] = [];
        for (const [isWrite, n] of ops) {
          if (isWrite) {
            all.push(...d.write(next, n).irqs);
            next += n;
          } else {
            const from = Math.max(0, next - n);
            all.push(...d.zero(from, next - from).irqs);
            next = from;
          }
          // the state always reflects the last irq
          assert.strictEqual(d.inLowState, all.length > 0 && all[all.length - 1] === 'low');
        }
        for (let i = 0; i < all.length; i++) assert.strictEqual(all[i], i % 2 === 0 ? 'low' : 'high');
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('raise forces an interrupt whatever the media says; levels re-checked only when media changes', () => {
    const d = dev({ logicalBytes: 400 * PAGE_SIZE, mediaBytes: 100 * PAGE_SIZE, ratio: 1 });
    d.write(0, 95); // low fired
    assert.strictEqual(d.inLowState, true);
    assert.deepStrictEqual(d.raise('high').irqs, ['high']);
    assert.strictEqual(d.inLowState, false, 'forced high although free media is 5%');
    assert.deepStrictEqual(d.write(95, 0).irqs, [], 'no change, no re-check');
    assert.deepStrictEqual(d.write(95, 1).irqs, ['low'], 'the next change re-checks: still short');

    const roomy = dev({ logicalBytes: 400 * PAGE_SIZE, mediaBytes: 100 * PAGE_SIZE, ratio: 1 });
    assert.deepStrictEqual(roomy.raise('low').irqs, ['low']);
    assert.strictEqual(roomy.inLowState, true);
    roomy.write(0, 1);
    assert.strictEqual(roomy.inLowState, false, 'the device re-evaluates at the next media change: free 99% > high');
    assert.strictEqual(roomy.stats().highIrqs, 1);
  });

  it('a rewrite that keeps the same cost is no media change', () => {
    const d = dev({ logicalBytes: 400 * PAGE_SIZE, mediaBytes: 100 * PAGE_SIZE, ratio: 1 });
    d.write(0, 95);
    d.raise('high');
    assert.deepStrictEqual(d.write(0, 10, 1).irqs, []);
    assert.strictEqual(d.inLowState, false);
  });
});

describe('cxl_device: fill (foreign data)', () => {
  it('adds foreign data once, up to P% of media use, counting host data', () => {
    const d = dev();
    d.write(0, 1000); // 2,048,000 bytes of host data
    const e = d.fill(0.95);
    assert.strictEqual(d.usedBytes, Math.floor(0.95 * 2 * G));
    assert.strictEqual(d.stats().foreignBytes, Math.floor(0.95 * 2 * G) - 1000 * 2048);
    assert.deepStrictEqual(e.irqs, ['low']);
    assert.deepStrictEqual(d.fill(0.5).irqs, [], 'already above 50%: nothing added');
    assert.strictEqual(d.usedBytes, Math.floor(0.95 * 2 * G));
  });
  it('the host cannot evict foreign data: zeroing every host page leaves it', () => {
    const d = dev();
    d.write(0, 1000);
    d.fill(0.5);
    d.zero(0, d.logicalPages);
    assert.strictEqual(d.usedBytes, Math.floor(0.5 * 2 * G) - 1000 * 2048);
    assert.strictEqual(d.stats().hostBytes, 0);
  });
});

describe('cxl_device: overflow', () => {
  it('a write that does not fit reports the overflow once, and how far over it is', () => {
    const d = dev({ logicalBytes: 400 * PAGE_SIZE, mediaBytes: 100 * PAGE_SIZE, ratio: 4, watermarks: { low: 0, high: 0.25 } });
    d.write(0, 300); // 300 pages at 1024 = 75 pages of media
    const e = d.write(0, 300, 1); // rewritten with random data: 300 pages of media
    assert.strictEqual(e.overflowed, true);
    assert.strictEqual(e.overflowBytes, 200 * PAGE_SIZE);
    const again = d.write(300, 1, 1);
    assert.strictEqual(again.overflowed, false, 'already over');
    assert.strictEqual(d.stats().overflowEvents, 1);
    assert.strictEqual(d.stats().peakOverflowBytes, 201 * PAGE_SIZE);
  });
  it('pagesBeforeLow says how many pages fit above the low watermark', () => {
    const d = dev({ logicalBytes: 400 * PAGE_SIZE, mediaBytes: 100 * PAGE_SIZE, ratio: 1 });
    assert.strictEqual(d.pagesBeforeLow(1), 90);
    assert.strictEqual(d.pagesBeforeLow(2), 180);
    d.write(0, 90);
    assert.strictEqual(d.pagesBeforeLow(1), 0);
    assert.deepStrictEqual(d.write(90, 1).irqs, ['low']);
  });
  it('bytesToHigh is the smallest release that rises above high', () => {
    const d = dev({ logicalBytes: 400 * PAGE_SIZE, mediaBytes: 100 * PAGE_SIZE, ratio: 1 });
    d.write(0, 95);
    const need = d.bytesToHigh();
    assert.ok(need > 20 * PAGE_SIZE && need <= 20 * PAGE_SIZE + 1);
    d.zero(0, 20);
    assert.strictEqual(d.inLowState, true, 'exactly 25% is not above');
    d.zero(20, 1);
    assert.strictEqual(d.inLowState, false);
  });
});

describe('cxl_device: extents, not pages', () => {
  it('cost grows with distinct runs: one run for a 1 TiB write', () => {
    const d = new CxlCompressedDevice({ logicalBytes: 4 * T, mediaBytes: 2 * T, ratio: 2 });
    d.write(0, T / PAGE_SIZE);
    assert.strictEqual(d.runCount, 1);
    assert.strictEqual(d.usedBytes, T / 2);
    d.zero(1000, 1);
    assert.strictEqual(d.runCount, 2);
    d.write(1000, 1);
    assert.strictEqual(d.runCount, 1, 'equal-cost neighbours merge back');
  });
  it('adjacent runs of different cost stay distinct; overlapping writes split', () => {
    const d = dev();
    d.write(0, 100, 1);
    d.write(100, 100, 3);
    assert.strictEqual(d.runCount, 2);
    d.write(50, 100, 64);
    assert.strictEqual(d.runCount, 3);
    assert.strictEqual(d.costOf(0, 200), 50 * 4096 + 100 * 64 + 50 * 1366);
  });
  it('accounting matches a per-page reference model (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('w', 'z', 'm'), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom(1, 2, 3, 64), fc.integer({ min: 0, max: 200 })), { maxLength: 40 }),
        (ops) => {
          const d = dev({ logicalBytes: 300 * PAGE_SIZE, mediaBytes: 1000 * PAGE_SIZE });
          const ref = new Map<number, number>();
          for (const [kind, start, n, ratio, to] of ops) {
            if (kind === 'w') {
              d.write(start, n, ratio);
              for (let p = start; p < start + n; p++) ref.set(p, pageCost(ratio));
            } else if (kind === 'z') {
              d.zero(start, n);
              for (let p = start; p < start + n; p++) ref.delete(p);
            } else {
              d.move(start, to, n);
              if (start === to || n === 0) continue;
              const moved: [number, number][] = [];
              for (let p = start; p < start + n; p++) if (ref.has(p)) moved.push([p - start + to, ref.get(p)!]);
              for (let p = start; p < start + n; p++) ref.delete(p);
              for (let p = to; p < to + n; p++) ref.delete(p);
              for (const [p, c] of moved) ref.set(p, c);
            }
          }
          let sum = 0;
          for (const c of ref.values()) sum += c;
          assert.strictEqual(d.stats().hostBytes, sum);
          assert.strictEqual(d.stats().storedPages, ref.size);
          assert.strictEqual(d.storedIn(0, 500), ref.size);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
  it('a 1 TiB device fills and drains in few runs', () => {
    const d = new CxlCompressedDevice({ logicalBytes: 2 * T, mediaBytes: T, ratio: 2 });
    for (let i = 0; i < 100; i++) d.write(i * 1_000_000, 1_000_000, (i % 3) + 1);
    assert.ok(d.runCount <= 100);
    d.fill(0.99);
    assert.strictEqual(d.inLowState, true);
    d.zero(0, 2 * T);
    assert.strictEqual(d.runCount, 0);
    assert.strictEqual(d.stats().hostBytes, 0);
  });
});
