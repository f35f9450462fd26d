import * as assert from 'assert';
import { rangeAt, rangesOverlapping, replaceRanges } from '../../server/src/mm/machine';
import { codes, failedExpectations, runText } from './helpers';

/**
 * Per-VMA attributes kept as page ranges (mbind's policies, mprotect's protections): sorted,
 * disjoint, searched by bisection (mm/machine.ts). Checked against the plain definition (a scan
 * of every range, a split of the ones straddling an edge, a sort) on random sequences of changes,
 * and on the run: a mapping given thousands of ranges, and a change of no page.
 */
type R = { start: number; end: number; tag: number };

/** the definition: [a, b) cleared, a range across an edge cut, `inserted` added, sorted by start */
function naiveReplace(ranges: R[], a: number, b: number, inserted?: R): R[] {
  if (b <= a) return ranges.slice();
  const out: R[] = [];
  for (const r of ranges) {
    if (r.end <= a || r.start >= b) out.push(r);
    else {
      if (r.start < a) out.push({ ...r, end: a });
      if (r.end > b) out.push({ ...r, start: b });
    }
  }
  if (inserted) out.push(inserted);
  return out.sort((x, y) => x.start - y.start);
}

/** a small deterministic PRNG (mulberry32), so a failure replays */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('VMA attribute ranges (mbind policies, mprotect protections): bisection against the plain scan', () => {
  it('replaceRanges, rangeAt and rangesOverlapping agree with the definition over 2,000 random changes', () => {
    const rnd = prng(20261207);
    const pages = 200;
    let fast: R[] = [];
    let slow: R[] = [];
    for (let step = 0; step < 2000; step++) {
      const a = Math.floor(rnd() * pages);
      const b = a + Math.floor(rnd() * 40) - 4; // some empty or reversed: they change nothing
      const inserted = rnd() < 0.7 && b > a ? { start: a, end: b, tag: step } : undefined;
      const before = fast;
      fast = replaceRanges(fast, a, b, inserted);
      slow = naiveReplace(slow, a, b, inserted);
      assert.deepStrictEqual(fast, slow, `step ${step}: [${a}, ${b})`);
      assert.notStrictEqual(fast, before, 'a new array: the old one is not changed (copies of the state may hold it)');
      for (const r of fast) assert.ok(r.end > r.start, `step ${step}: an empty range kept`);
      const p = Math.floor(rnd() * (pages + 40));
      assert.deepStrictEqual(rangeAt(fast, p), slow.find((r) => r.start <= p && r.end > p), `step ${step}: the range at ${p}`);
      const q = p + Math.floor(rnd() * 30);
      const [i, j] = rangesOverlapping(fast, p, q);
      assert.deepStrictEqual(fast.slice(i, j), slow.filter((r) => r.start < q && r.end > p), `step ${step}: the ranges over [${p}, ${q})`);
    }
  });

  it('mprotect of a range that holds no page protects nothing (it read as protecting the page at its start, and a later write was killed by SIGSEGV)', () => {
    // 1% of 16 pages from the middle: the percent range [8, 8) holds no page
    const r = runText(`node 0 dram 1G cpus 0-3
task t cpu 0 {
  buf = mmap(64K)
  mprotect(buf[50%:51%], read)
  touch(buf, write)
  expect ok
  expect pages(buf, 0) == 100%
}
`);
    assert.deepStrictEqual(failedExpectations(r), []);
    assert.ok(!codes(r).includes('segfault'), codes(r).join(', '));
  });

  it('4,000 mbinds of slices of one mapping: each slice keeps its own policy, and faults follow it', () => {
    const n = 4000;
    const lines = [`buf = mmap(${n * 32}K)`];
    for (let i = 0; i < n; i++) lines.push(`mbind(buf[${i * 32}K:${i * 32 + 16}K], MPOL_BIND, ${i % 2})`);
    lines.push('touch(buf)');
    // per slice of 8 pages: 4 under the policy (node 0 or 1 alternately), 4 under the task's (local: node 0)
    lines.push(`expect pages(buf, 1) == ${(n / 2) * 4}`, `expect pages(buf, 0) == ${(n / 2) * 4 + n * 4}`);
    const r = runText(`node 0 dram 64G cpus 0-7\nnode 1 dram 64G cpus 8-15\ntask t cpu 0 {\n  ${lines.join('\n  ')}\n}\n`);
    assert.deepStrictEqual(failedExpectations(r), []);
  });
});
