/**
 * mm/run_context.ts StepTally: a step's pages by placement key (Mm.placements, RunContext.lost),
 * which replaced a Map that every statement cleared. It must answer as the Map did: get, set, add,
 * size, and iteration in insertion order, across clears and past the size where it indexes its
 * keys. Random operation sequences against a Map, and two corrupted tallies the comparison catches.
 */
import * as assert from 'assert';
import { prng } from '../../server/src/mm/machine';
import { StepTally } from '../../server/src/mm/run_context';

/** the first operation where the tally answers differently from a Map, or undefined */
function replay(make: () => StepTally, seed: number, ops: number): string | undefined {
  const r = prng(seed);
  const t = make();
  const m = new Map<string, number>();
  // few keys most of the time (a statement's placements), sometimes many (a reclaim, an exit)
  let width = 4;
  for (let i = 0; i < ops; i++) {
    const x = r();
    if (x < 0.02) width = 1 + Math.floor(r() * 3 * StepTally.INDEX_AT);
    const k = `owner${Math.floor(r() * width)}\u0000${Math.floor(r() * 3)}`;
    if (x < 0.08) {
      t.clear();
      m.clear();
    } else if (x < 0.4) {
      const d = 1 + Math.floor(r() * 9);
      t.add(k, d);
      m.set(k, (m.get(k) ?? 0) + d);
    } else if (x < 0.6) {
      const v = Math.floor(r() * 100);
      t.set(k, v);
      m.set(k, v);
    } else if (t.get(k) !== m.get(k)) return `op ${i}: get(${k}) = ${t.get(k)}, the Map says ${m.get(k)}`;
    if (t.size !== m.size) return `op ${i}: size ${t.size}, the Map has ${m.size}`;
    if (x < 0.7) {
      const a = JSON.stringify([...t]);
      const b = JSON.stringify([...m]);
      if (a !== b) return `op ${i}: entries ${a}, the Map has ${b}`;
      const keys = [];
      for (let j = 0; j < t.size; j++) keys.push([t.keyAt(j), t.valueAt(j)]);
      if (JSON.stringify(keys) !== b) return `op ${i}: by index ${JSON.stringify(keys)}, the Map has ${b}`;
      if (JSON.stringify([...t.keys()]) !== JSON.stringify([...m.keys()])) return `op ${i}: keys differ`;
    }
  }
  return undefined;
}

describe('mm: StepTally (the placements of a step: a Map without a table per clear)', () => {
  it('answers as a Map over 300 random sequences of get, set, add and clear', () => {
    for (let s = 1; s <= 300; s++) assert.strictEqual(replay(() => new StepTally(), s, 400), undefined, `sequence ${s}`);
  });

  it('the comparison catches a tally whose clear keeps its index, and one that forgets a key past the index size', () => {
    class StaleIndex extends StepTally {
      override clear(): void {
        // corrupt: the count reset, the index kept (keys past the index size answer stale slots)
        (this as unknown as { n: number }).n = 0;
      }
    }
    class LosesKeys extends StepTally {
      override add(k: string, d: number): void {
        if (this.size === StepTally.INDEX_AT) return; // corrupt: the key that would make the index is dropped
        super.add(k, d);
      }
    }
    const caught = (make: () => StepTally) => Array.from({ length: 50 }, (_, s) => replay(make, s + 1, 400)).some((d) => d !== undefined);
    assert.ok(caught(() => new StaleIndex()), 'a stale index went unnoticed');
    assert.ok(caught(() => new LosesKeys()), 'a lost key went unnoticed');
  });
});
