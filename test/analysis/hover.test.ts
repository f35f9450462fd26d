import * as assert from 'assert';
import { analyzeFull } from '../../server/src/analysis/analyze';
import { hoverAt } from '../../server/src/analysis/hover';

function hover(text: string, needle: string): string {
  const a = analyzeFull(text, { design: 'private_v4' });
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return hoverAt({ stat: a, run: a.run, design: 'private_v4', diagnostics: a.allDiagnostics }, at)?.markdown ?? '';
}

describe('hover on a node id', () => {
  it('names the node ops as declared, and says when node_private_set_ops refused them', () => {
    const text = 'node 0 dram 1G cpus 0-3\nnode 2 cxl 1G private ops MIGRATION | MEMPOLICY\nnode 3 cxl 1G private ops MEMPOLICY\n';
    assert.match(hover(text, '2 cxl'), /ops MIGRATION\|MEMPOLICY/);
    assert.match(hover(text, '3 cxl'), /ops MEMPOLICY \(refused by node_private_set_ops: the node has no ops\)/);
    assert.doesNotMatch(hover(text, '0 dram'), /ops/);
  });

  it('a cram node without ops has what the CRAM service registers', () => {
    assert.match(hover('node 0 dram 1G cpus 0\nnode 3 cram 4G media 1G\n', '3 cram'), /ops: what the CRAM service registers/);
  });
});

describe('hover on a statement in a loop', () => {
  it('tallies how its executions ended, not just the last one', () => {
    const text = `node 0 dram 4G cpus 0-3
node 1 dram 4G cpus 4-7
node 2 cxl 1G private ops MIGRATION | MEMPOLICY
kernel {
  for_each_online_node(n) {
    p = alloc_pages_node(n, GFP_KERNEL | __GFP_THISNODE, 0, count=64)
  }
}
`;
    const md = hover(text, 'alloc_pages_node');
    assert.match(md, /executed 3×: ok ×2, ENOMEM ×1/);
    assert.match(md, /Pages: N0 ×64, N1 ×64/);
  });
});
