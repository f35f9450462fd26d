/**
 * Node lists built in a work array and copied out at their size (run/context.ts resolveNodeSet,
 * mm/mempolicy.ts mpol_new's lists): each answer is an array of its own, which a later call does
 * not change, and a policy keeps its own mask after other policies are made.
 */
import * as assert from 'assert';
import { NodeSet } from '../../server/src/model/ir';
import { ExecContext, NO_VARS, resolveNodeSet } from '../../server/src/run/context';
import { mappingPages, runText } from '../mm/helpers';

const at = { start: 0, end: 0 };
const set = (...nodes: (number | string)[]): NodeSet => ({ nodes: nodes.map((n) => (typeof n === 'number' ? { const: n, span: at } : { var: n, span: at })), span: at });

describe('node sets: each answer its own array', () => {
  it('resolveNodeSet sorts and drops duplicates, and a later call leaves an earlier answer as it was', () => {
    const ctx: ExecContext = { block: 'top', env: new Map([['n', 5]]) };
    const first = resolveNodeSet(ctx, set(3, 1, 'n', 3, 0, 1))!;
    assert.deepStrictEqual(first, [0, 1, 3, 5]);
    const second = resolveNodeSet({ block: 'top', env: NO_VARS }, set(2))!;
    assert.deepStrictEqual(second, [2]);
    assert.deepStrictEqual(first, [0, 1, 3, 5], 'the first answer kept its elements');
    assert.notStrictEqual(first, second);
    assert.deepStrictEqual(resolveNodeSet(ctx, set()), []);
    assert.strictEqual(resolveNodeSet(ctx, undefined), undefined);
  });

  it("a mapping's policy keeps its own mask after another mbind and a set_mempolicy", () => {
    const text = `design stock
node 0 dram 1G cpus 0
node 1 dram 1G cpus 1
node 2 dram 1G cpus 2
task app cpu 0 {
  a = mmap(1M)
  b = mmap(1M)
  mbind(a, MPOL_INTERLEAVE, {1, 2})
  mbind(b, MPOL_BIND, 0)
  set_mempolicy(MPOL_PREFERRED, 0)
  touch(a)
  touch(b)
  expect pages(a, 1) == 50%
  expect pages(a, 2) == 50%
  expect pages(b, 0) == 100%
}
`;
    const r = runText(text, 'stock');
    assert.deepStrictEqual(r.run.expectations.filter((e) => !e.passed).map((e) => `${e.text}: ${e.actual}`), []);
    assert.deepStrictEqual(mappingPages(r, 'a', 'app'), { '1': 128, '2': 128 });
  });
});
