/**
 * mm/vmstat.ts: a step's counter increments (takeDelta, drainDelta) are the counters changed since
 * the last call, names sorted, zero sums left out. VmStat keeps the previous step's sorted list and
 * rewrites it in place when the changed counters differ (no array per step), so a step changing
 * fewer counters than the one before must not read the slots left from it. Random steps against a
 * Map, both ways of reading the delta.
 */
import * as assert from 'assert';
import { prng } from '../../server/src/mm/machine';
import { KNOWN_STATS, VmStat } from '../../server/src/mm/vmstat';

/** the delta a Map of this step's additions says: names sorted, zeros left out */
function expected(step: Map<string, number>): [string, number][] {
  return [...step.entries()].filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('vmstat: a step\'s increments', () => {
  for (const way of ['takeDelta', 'drainDelta'] as const) {
    it(`${way}: sorted, zero sums left out, over steps of changing width and order`, () => {
      const r = prng(way === 'takeDelta' ? 7 : 11);
      const names = [...KNOWN_STATS.slice(0, 12), 'zz_new', 'aa_new', 'mm_new'];
      const stat = new VmStat();
      const outNames: string[] = [];
      const outValues: number[] = [];
      let at = 0;
      let reused = 0;
      for (let stepNo = 0; stepNo < 2000; stepNo++) {
        const step = new Map<string, number>();
        // a few steps repeat the previous step's counters (the sorted list kept), most do not
        const width = r() < 0.3 ? 1 + Math.floor(r() * names.length) : 1 + Math.floor(r() * 4);
        for (let i = 0; i < width; i++) {
          const k = names[Math.floor(r() * names.length)];
          // a negative increment can cancel a positive one: that counter is left out
          const d = r() < 0.1 ? -(step.get(k) ?? 0) : 1 + Math.floor(r() * 5);
          stat.add(k, d);
          step.set(k, (step.get(k) ?? 0) + d);
        }
        let got: [string, number][];
        if (way === 'takeDelta') got = Object.entries(stat.takeDelta());
        else {
          const end = stat.drainDelta(outNames, outValues, at);
          got = outNames.slice(at, end).map((n, i) => [n, outValues[at + i]]);
          at = end;
        }
        const want = expected(step);
        assert.deepStrictEqual(got, want, `step ${stepNo}: ${JSON.stringify([...step])}`);
        if (want.length > 0 && stepNo > 0) reused++;
      }
      assert.ok(reused > 1000, `only ${reused} steps with increments`);
    });
  }

  it('a step changing fewer counters than the one before reads none of its slots', () => {
    const stat = new VmStat();
    for (const k of ['pgfault', 'pgalloc_normal', 'numa_hit', 'numa_local']) stat.add(k, 2);
    assert.deepStrictEqual(Object.keys(stat.takeDelta()), ['numa_hit', 'numa_local', 'pgalloc_normal', 'pgfault']);
    stat.add('pgfault', 1);
    assert.deepStrictEqual(stat.takeDelta(), { pgfault: 1 });
    // the same single counter again: the kept list, still one entry
    stat.add('pgfault', 3);
    assert.deepStrictEqual(stat.takeDelta(), { pgfault: 3 });
    assert.deepStrictEqual(stat.takeDelta(), {});
  });
});
