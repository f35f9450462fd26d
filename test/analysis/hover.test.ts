import * as assert from 'assert';
import { analyzeFull, designFor, runProgram } from '../../server/src/analysis/analyze';
import { analyzeStaticAfter } from '../../server/src/analysis/incrementalStatic';
import { hoverAt } from '../../server/src/analysis/hover';
import { GFP } from '../../server/src/vocab/gfp';

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

describe('hover on __GFP_PRIVATE: the designs that honour it, read from their choices', () => {
  const text = `design mine extends stock {
  node_state N_MEMORY_PRIVATE
  gate __GFP_PRIVATE
}
design theirs extends private_v4 {
  gate none
  unlock none
  leak never
}
node 0 dram 1G cpus 0
node 2 cxl 1G private ops MIGRATION | MEMPOLICY
kernel {
  p = alloc_pages_node(2, GFP_KERNEL | __GFP_PRIVATE, 0)
}
`;
  const md = hover(text, '__GFP_PRIVATE, 0');
  const listed = (md.match(/Honoured by[^:]*: (.*?)\. gate:/)?.[1] ?? '').split(/, (?=`)/).map((s) => s.replace(/`/g, ''));

  it('lists every design whose gate or unlock holds the flag, the file\'s own designs too, and no other', () => {
    const program = analyzeFull(text, { design: 'private_v4' }).program;
    const expected = Object.values(program.designs)
      .filter((d) => d.design.nodeState !== 'normal' && ((d.design.gate | d.design.unlock) & GFP.__GFP_PRIVATE) !== 0)
      .map((d) => d.name)
      .sort();
    assert.deepStrictEqual(listed.map((s) => s.split(' (')[0]).sort(), expected);
    assert.ok(expected.length >= 8, `${expected.length} designs`);
    assert.ok(expected.includes('mine') && !expected.includes('theirs') && !expected.includes('stock') && !expected.includes('spm_v2'));
  });

  it('says the role of the flag under each, and marks a choice declared inferred', () => {
    assert.ok(listed.includes('private_v4 (gate; unlock)'), listed.join(' | '));
    assert.ok(listed.includes('private_soft (unlock)'), listed.join(' | '));
    assert.ok(listed.includes('zone_device (gate)'), listed.join(' | '));
    assert.ok(listed.includes('private_nofallback (gate, inferred; unlock)'), listed.join(' | '));
    assert.ok(listed.includes('mine (gate)'), listed.join(' | '));
    assert.doesNotMatch(md, /Exists under/, 'the hand-written list is not shown');
  });

  it('__GFP_SPM_NODE: spm_v2 alone among the built-ins', () => {
    const spm = hover('node 0 dram 1G cpus 0\nkernel {\n  p = alloc_pages_node(0, GFP_KERNEL | __GFP_SPM_NODE, 0)\n}\n', '__GFP_SPM_NODE');
    assert.match(spm, /Honoured by[^:]*: `spm_v2` \(gate; unlock\)\./);
  });
});

describe('hover on an expectation says which statement it observes', () => {
  const text = `node 0 dram 64M cpus 0
kernel "k" {
  p = alloc_pages_node(0, GFP_KERNEL, 10, count=1000)
  repeat 2 {
    expect ok
    q = alloc_pages_node(0, GFP_KERNEL, 0)
  }
  expect pages(zz, 0) == 0
  expect error ENOMEM
}
task t cpu 0 {
  x = mmap(4M)
  touch(x)
  expect pages(x, 0) == 100%
  expect ok
}
`;
  it('the last line before it in its body that is not an expectation line, an invalid one skipped', () => {
    assert.match(hover(text, 'expect error ENOMEM'), /observes: line 4 `repeat 2 \{`/);
    assert.match(hover(text, 'expect ok\n}'), /observes: line 13 `touch\(x\)`/);
  });
  it('first in a loop body: whatever ran last; a metric observes the machine, not a statement', () => {
    assert.match(hover(text, 'expect ok\n    q'), /observes: no statement before it in its block/);
    assert.doesNotMatch(hover(text, 'expect pages(x'), /observes/);
  });
  it('in a block an edit moved (its body kept as lowered), the text\'s line', () => {
    const edited = text.replace('  repeat 2', '  free_pages(p)\n  repeat 2');
    const stat = analyzeStaticAfter(analyzeStaticAfter(undefined, text), edited);
    assert.ok(stat.program.items.some((it) => 'bodyShift' in it && it.bodyShift), 'a block moved, its body kept');
    const run = runProgram(stat.program, stat.diagnostics, { design: designFor(stat) });
    const md = hoverAt({ stat, run, design: 'private_v4', diagnostics: stat.diagnostics }, edited.indexOf('expect ok\n}'))?.markdown ?? '';
    assert.match(md, /observes: line 14 `touch\(x\)`/);
  });
});
