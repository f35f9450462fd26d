import * as assert from 'assert';
import { analyzeDesigns, mergeDiagnostics } from '../../server/src/analysis/analyze';
import { compareRows } from '../../server/src/analysis/compare';

/** The comparison matrix as plain data (what mmlab/compare and `mmlab compare` show). */
function cells(text: string, needle: string) {
  const runs = analyzeDesigns(text, ['private_v4', 'private_soft', 'private_nofallback']);
  const rows = compareRows(runs[0].parse.file, text, runs.map((r) => ({ design: r.design, run: r.run, all: mergeDiagnostics(r.diagnostics, r.run.diagnostics) })));
  const row = rows.find((r) => r.text.includes(needle));
  assert.ok(row, `no row for ${needle}`);
  return row!;
}

const LOOP = `
node 0 dram 4G cpus 0-3
node 1 dram 4G cpus 4-7
node 2 cxl 1G private ops MIGRATION | MEMPOLICY
kernel {
  for_each_online_node(n) {
    p = alloc_pages_node(n, GFP_KERNEL | __GFP_THISNODE, 0, count=64)
  }
}
`;

describe('design comparison cells', () => {
  it('a statement in a loop shows every node it reached and the errno of the iterations that failed', () => {
    const row = cells(LOOP, 'alloc_pages_node');
    // v4: nodes 0 and 1 succeed, node 2 is gated and THISNODE forbids falling back
    assert.deepStrictEqual(row.cells.private_v4, { ...row.cells.private_v4, outcome: 'error', text: 'N0 ×64, N1 ×64; ENOMEM' });
    // soft isolation: every node, and the private one is a leak
    assert.strictEqual(row.cells.private_soft?.outcome, 'leak');
    assert.strictEqual(row.cells.private_soft?.text, 'leak N0 ×64, N1 ×64, N2 ×64');
    assert.ok(row.differs);
  });

  it('counts the executions that failed with the same errno', () => {
    const text = LOOP.replace('for_each_online_node(n) {', 'repeat 3 {').replace('alloc_pages_node(n,', 'alloc_pages_node(2,');
    const row = cells(text, 'alloc_pages_node');
    assert.strictEqual(row.cells.private_v4?.text, 'ENOMEM ×3');
    assert.strictEqual(row.cells.private_v4?.outcome, 'error');
  });

  it('a statement that ran once and succeeded shows only where its pages went', () => {
    const once = 'node 0 dram 4G cpus 0-3\nkernel {\n  p = alloc_pages_node(0, GFP_KERNEL, 0, count=64)\n}\n';
    const row = cells(once, 'alloc_pages_node');
    assert.deepStrictEqual([row.cells.private_v4?.outcome, row.cells.private_v4?.text], ['ok', 'N0 ×64']);
  });
});
