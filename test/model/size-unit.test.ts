/**
 * Sizes without a unit (issue 12): a page-granular size written as a bare integer below one page
 * is a `size-without-unit` warning that names what it means and suggests the unit, with a quick
 * fix that writes it. Slab sizes, 0 (a memoryless node) and sizes of a page or more are left alone.
 */
import * as assert from 'assert';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { codeActions } from '../../server/src/analysis/codeActions';

function warnings(text: string) {
  const stat = analyzeStatic(text);
  return { stat, ds: stat.diagnostics.filter((d) => d.code === 'size-without-unit') };
}

describe('size-without-unit', () => {
  it('warns on a node, media, swap, mmap, malloc and hot-add size below a page, suggesting the unit', () => {
    const text = [
      'node 0 dram 2 cpus 0-3',
      'node 3 cram 1G media 512',
      'swap 8',
      'node 4 cxl 1G private offline',
      'task t cpu 0 {',
      '  a = mmap(64)',
      '  b = malloc(100)',
      '}',
      'kernel {',
      '  add_private_memory_driver_managed(4, 1)',
      '}',
    ].join('\n');
    const { ds } = warnings(text);
    const at = (d: { span: { start: number; end: number } }) => text.slice(d.span.start, d.span.end);
    assert.deepStrictEqual(
      ds.map((d) => [at(d), d.severity, d.data?.suggestion]),
      [
        ['2', 'warning', '2G'],
        ['512', 'warning', '512G'],
        ['8', 'warning', '8G'],
        ['64', 'warning', '64K'],
        ['100', 'warning', '100K'],
        ['1', 'warning', '1G'],
      ],
    );
    assert.match(ds[0].message, /^the node size is `2`: 2 bytes, less than one 4 KiB page \(a bare integer is bytes\)\. Did you mean `2G`\?$/);
  });

  it('leaves slab sizes, 0, a page or more, and sizes with a unit alone', () => {
    const text = [
      'node 0 dram 4G cpus 0-3',
      'node 1 dram 0',
      'task t cpu 0 {',
      '  a = mmap(4096)',
      '  b = mmap(64K)',
      '  c = mmap(64B)',
      '}',
      'kernel {',
      '  p = kmalloc_node(64, GFP_KERNEL, 0)',
      '}',
    ].join('\n');
    assert.deepStrictEqual(warnings(text).ds, []);
  });

  it('the quick fix writes the suggested unit', () => {
    const text = 'node 0 dram 4G cpus 0-3\ntask t cpu 0 {\n  a = mmap(64)\n}\n';
    const { stat, ds } = warnings(text);
    assert.strictEqual(ds.length, 1);
    const fixes = codeActions({ stat, design: 'private_v4', diagnostics: stat.diagnostics }, ds[0].span);
    const fix = fixes.find((f) => f.title === 'Change to `64K`');
    assert.ok(fix, fixes.map((f) => f.title).join('|'));
    assert.strictEqual(fix!.preferred, true);
    const e = fix!.edits[0];
    assert.strictEqual(text.slice(0, e.span.start) + e.newText + text.slice(e.span.end), 'node 0 dram 4G cpus 0-3\ntask t cpu 0 {\n  a = mmap(64K)\n}\n');
  });
});
