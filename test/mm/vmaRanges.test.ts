import * as assert from 'assert';
import { addToUnion, rangeAt, rangesOverlapping, replaceRanges } from '../../server/src/mm/machine';
import { codes, failedExpectations, runText } from './helpers';
import { analyzeStatic, designFor, runProgram } from '../../server/src/analysis/analyze';
import { IncrementalRun } from '../../server/src/run/incremental';
import { answers } from '../run/editSequences';

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
    const fast: R[] = [];
    let slow: R[] = [];
    for (let step = 0; step < 2000; step++) {
      const a = Math.floor(rnd() * pages);
      const b = a + Math.floor(rnd() * 40) - 4; // some empty or reversed: they change nothing
      const inserted = rnd() < 0.7 && b > a ? { start: a, end: b, tag: step } : undefined;
      const before = new Map(fast.map((r) => [r, `${r.start}:${r.end}:${r.tag}`]));
      replaceRanges(fast, a, b, inserted);
      slow = naiveReplace(slow, a, b, inserted);
      // (changed in place: the array handed in holds the definition's answer)
      assert.deepStrictEqual(fast, slow, `step ${step}: [${a}, ${b})`);
      // a range is never changed (a cut one is a new object): the ranges kept read as before
      for (const r of fast) if (before.has(r)) assert.strictEqual(`${r.start}:${r.end}:${r.tag}`, before.get(r), `step ${step}: a range changed in place`);
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

/**
 * The ranges are changed in place: a copy of the state (run/incremental.ts) must not see a later
 * change. Copies at every statement boundary, edits that move the policy or protection of one slice
 * at a time (the run resumes from a copy taken after earlier mbinds and mprotects of the same
 * mapping): every answer the same as a run from scratch's.
 */
describe('VMA attribute ranges changed in place: copies of the state keep theirs', () => {
  it('30 edits of a scenario of mbinds and mprotects on slices, copies at every boundary: every answer a run from scratch gives', () => {
    const slices = 12;
    const base: string[] = ['node 0 dram 1G cpus 0-3', 'node 1 dram 1G cpus 4-7', 'task t cpu 0 {', `  buf = mmap(${slices * 32}K)`];
    for (let i = 0; i < slices; i++) {
      base.push(`  mbind(buf[${i * 32}K:${i * 32 + 16}K], MPOL_BIND, ${i % 2})`);
      if (i % 3 === 0) base.push(`  mprotect(buf[${i * 32 + 16}K:${i * 32 + 32}K], read)`);
      base.push(`  touch(buf[${i * 32}K:${i * 32 + 16}K])`);
    }
    base.push('  touch(buf, read)', '  expect pages(buf, 1) > 0', '}');
    const inc = new IncrementalRun({ minInterval: 1 });
    const r = prng(0x7a11);
    let resumed = 0;
    let lines = [...base];
    for (let step = 0; step < 30; step++) {
      const text = lines.join('\n') + '\n';
      const stat = analyzeStatic(text);
      const design = designFor(stat);
      const incremental = runProgram(stat.program, stat.diagnostics, { design }, inc, text);
      const full = runProgram(stat.program, stat.diagnostics, { design });
      assert.strictEqual(answers(stat, incremental, prng(step), 2), answers(stat, full, prng(step), 2), `step ${step} (${inc.last?.from}):\n${text}`);
      if (inc.last?.from === 'snapshot') resumed++;
      // the next version: one mbind's node or one mprotect's access changed, anywhere
      lines = [...lines];
      const edited = lines.map((l, i) => (/mbind|mprotect/.test(l) ? i : -1)).filter((i) => i >= 0);
      const at = edited[Math.floor(r() * edited.length)];
      lines[at] = lines[at].includes('mbind') ? lines[at].replace(/, (\d)\)$/, (_, d) => `, ${1 - Number(d)})`) : lines[at].includes(', read)') ? lines[at].replace(', read)', ', none)') : lines[at].replace(/, (none|write)\)$/, ', read)');
    }
    assert.ok(resumed >= 20, `${resumed} of 30 runs resumed from a copy`);
  });
});

/**
 * VM_LOCKED as maximal runs of pages (mm/madvise.ts mlock): mlock adds to the union, munlock of part
 * of a locked range splits it (mlock_fixup), a fault is mlocked when one run covers it.
 */
describe('VM_LOCKED runs (mlock, munlock)', () => {
  it('addToUnion and a removal keep the maximal runs of the pages a plain set holds, over 2,000 random changes', () => {
    const rnd = prng(0x10c4ed);
    const pages = 150;
    const runs: { start: number; end: number }[] = [];
    const set = new Set<number>();
    for (let step = 0; step < 2000; step++) {
      const a = Math.floor(rnd() * pages);
      const b = a + Math.floor(rnd() * 30) - 3;
      if (rnd() < 0.6) {
        addToUnion(runs, a, b);
        for (let p = a; p < b; p++) set.add(p);
      } else {
        replaceRanges(runs, a, b);
        for (let p = a; p < b; p++) set.delete(p);
      }
      // the maximal runs of the set, in order
      const want: { start: number; end: number }[] = [];
      for (let p = 0; p < pages + 40; p++) {
        if (!set.has(p)) continue;
        const last = want[want.length - 1];
        if (last && last.end === p) last.end = p + 1;
        else want.push({ start: p, end: p + 1 });
      }
      assert.deepStrictEqual(runs, want, `step ${step}: [${a}, ${b})`);
    }
  });

  it('munlock of part of a locked mapping leaves the rest locked (MADV_DONTNEED there is still EINVAL), also across two mlocks side by side', () => {
    const r = runText(`node 0 dram 1G cpus 0-3
task app cpu 0 {
  buf = mmap(32K)
  mlock(buf)
  munlock(buf[0:4K])
  madvise(buf[0:4K], MADV_DONTNEED)
  expect ok
  madvise(buf[4K:8K], MADV_DONTNEED)
  expect error EINVAL
  expect pages(buf, 0) == 7
  c = mmap(32K)
  mlock(c[0:16K])
  mlock(c[16K:32K])
  munlock(c[0:4K])
  munlock(c[28K:32K])
  madvise(c[8K:24K], MADV_DONTNEED)
  expect error EINVAL
}
`);
    assert.deepStrictEqual(failedExpectations(r), []);
  });

  it('4,000 mlocks of slices of one mapping, each followed by a fault beside it: the cost a statement does not grow with the slices before it', () => {
    // (mlock faults its range in: every page present; correctness here, the cost is the bench's: a plain list made this quadratic, 3.1 us a statement at 1,000 and 14.0 at 8,000)
    const n = 4000;
    const lines = [`buf = mmap(${n * 32}K)`];
    for (let i = 0; i < n; i++) lines.push(`mlock(buf[${i * 32}K:${i * 32 + 16}K])`, `touch(buf[${i * 32 + 16}K:${i * 32 + 32}K])`);
    lines.push(`expect pages(buf, 0) == ${n * 8}`, `madvise(buf[${(n - 1) * 32}K:${(n - 1) * 32 + 16}K], MADV_DONTNEED)`, 'expect error EINVAL', `madvise(buf[${(n - 1) * 32 + 16}K:${n * 32}K], MADV_DONTNEED)`, 'expect ok');
    const r = runText(`node 0 dram 64G cpus 0-7\ntask t cpu 0 {\n  ${lines.join('\n  ')}\n}\n`);
    assert.deepStrictEqual(failedExpectations(r), []);
  });
});
