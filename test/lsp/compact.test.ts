import * as assert from 'assert';
import { compactForTransfer, OWNERS_PER_SNAPSHOT } from '../../server/src/lsp/compact';
import { RunResult, StepRecord } from '../../server/src/mm/result';

function run(owners: number, steps: number): RunResult {
  const mk = (i: number): StepRecord => ({
    index: i,
    span: { start: i, end: i + 1 },
    block: 'task',
    outcome: { kind: 'ok' },
    count: 1,
    placements: [],
    explain: [],
    events: [],
    stats: { numa_hit: i },
    nodes: [{ id: 0, usedPages: 0, freePages: 0, state: 'normal', owners: Array.from({ length: owners }, (_, k) => ({ owner: `t:m${k}`, pages: k + 1 })) }],
  });
  return { design: 'stock', diagnostics: [], expectations: [], nodes: [], mappings: [], stats: {}, steps: Array.from({ length: steps }, (_, i) => mk(i)), executed: steps };
}

describe('run compaction before the worker boundary', () => {
  it('leaves small runs untouched', () => {
    const r = run(20, 10);
    assert.strictEqual(compactForTransfer(r), r);
  });
  it('folds small owners into one entry and keeps the page totals', () => {
    const r = run(1000, 100);
    const c = compactForTransfer(r);
    const owners = c.steps[0].nodes[0].owners;
    assert.strictEqual(owners.length, OWNERS_PER_SNAPSHOT + 1);
    assert.strictEqual(owners.reduce((a, o) => a + o.pages, 0), (1000 * 1001) / 2);
    assert.ok(owners.some((o) => o.owner === 'other (992 owners)'));
    assert.ok(owners.some((o) => o.owner === 't:m999'), 'the largest owner is kept');
    assert.deepStrictEqual(c.steps[5].stats, {});
    assert.strictEqual(r.steps[0].nodes[0].owners.length, 1000, 'the input is not mutated');
  });
});
