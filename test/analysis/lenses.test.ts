/** Lens sites (analysis/lenses.ts): where What if…, Shrink and Sweep… go, and the cap on statement lenses. */
import * as assert from 'assert';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { lensSites, MAX_STATEMENT_WHAT_IF_LENSES } from '../../server/src/analysis/lenses';

const sites = (text: string) => {
  const stat = analyzeStatic(text);
  return lensSites(stat.parse.file, { run: true, expect: true, whatIf: true }).map((l) => `${l.kind}@${stat.lineIndex.positionAt(l.span.start).line + 1}`);
};

describe('lens sites', () => {
  it('What if… on node lines and on allocating, faulting and policy calls; Sweep… on params; Shrink only on expects', () => {
    const text = 'scenario "t"\nparam n = 4\nnode 0 dram 1G cpus 0\ntask t cpu 0 {\n  a = mmap(1G)\n  mbind(a, MPOL_BIND, 0)\n  touch(a)\n  munmap(a)\n  expect ok\n}\n';
    const got = sites(text);
    for (const want of ['sweep@2', 'whatif@3', 'whatif@5', 'whatif@6', 'whatif@7', 'expect@9', 'whatif@9', 'shrink@9']) assert.ok(got.includes(want), `${want} in ${got}`);
    assert.ok(!got.includes('whatif@8'), 'munmap places nothing');
    assert.ok(!got.some((g) => g.startsWith('shrink@') && g !== 'shrink@9'));
  });

  it('a file with more allocating statements than the cap gets none on statements, expectations keep theirs', () => {
    const body = Array.from({ length: MAX_STATEMENT_WHAT_IF_LENSES + 1 }, (_, i) => `  a${i} = mmap(4K)`).join('\n');
    const got = sites(`node 0 dram 1G cpus 0\ntask t cpu 0 {\n${body}\n  expect ok\n}\n`);
    assert.deepStrictEqual(got.filter((g) => g.startsWith('whatif@')), [`whatif@${MAX_STATEMENT_WHAT_IF_LENSES + 4}`]);
  });
});
