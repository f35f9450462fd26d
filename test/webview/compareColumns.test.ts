/** The comparison table with many design columns: family groups, compact cells, only rows that differ (no browser). */
import { strict as assert } from 'assert';
import { designGroups } from '../../server/src/analysis/compare';
import type { CompareData } from '../../server/src/lsp/protocol';
import type { DesignName } from '../../server/src/model/ir';
import { columnOrder, COMPACT_FROM, renderCompare } from '../../server/src/webview/compareView';
import { renderToString } from '../../server/src/webview/vdom';

// DesignName is a closed union until designs are declarations; the names here are the post-v4 built-ins and a user design
const DESIGNS = ['stock', 'private_v4', 'private_soft', 'private_nofallback', 'spm_v2', 'zone_device', 'nofallback_only', 'folio_only', 'memalloc_scope', 'private_v5', 'memory_public', 'memory_common', 'my_design'] as unknown as DesignName[];
const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 10 } });

function data(): CompareData {
  const cells = (f: (d: string) => { outcome: 'ok' | 'leak' | 'pass' | 'fail'; text: string; detail?: string }) => Object.fromEntries(DESIGNS.map((d) => [d, f(d as string)]));
  return {
    uri: 'file:///m.mmlab',
    version: 1,
    designs: DESIGNS,
    verdicts: {},
    groups: designGroups(DESIGNS),
    rows: [
      { range: range(3), kind: 'statement', text: 's = kmalloc_node(64, GFP_KERNEL, 2)', differs: true, cells: cells((d) => (d === 'nofallback_only' ? { outcome: 'leak', text: 'leak N2 ×1', detail: 'slub THISNODE try' } : { outcome: 'ok', text: 'N0 ×1' })) },
      { range: range(4), kind: 'statement', text: 'buf = mmap(1M)', differs: false, cells: cells(() => ({ outcome: 'ok', text: 'ok' })) },
      { range: range(5), kind: 'expect', text: 'expect no leak', differs: true, cells: cells((d) => (d === 'nofallback_only' ? { outcome: 'fail', text: '✗ got leak' } : { outcome: 'pass', text: '✓' })) },
    ],
  };
}

describe('comparison view with 12+ design columns', () => {
  it('groups the columns by family: v4 family, post-v4, other (user designs land in other)', () => {
    const g = designGroups(DESIGNS);
    assert.deepEqual(g.map((x) => x.name), ['v4 family', 'post-v4', 'other']);
    assert.deepEqual(g[0].designs, ['private_v4', 'private_soft', 'private_nofallback']);
    assert.deepEqual(g[1].designs, ['nofallback_only', 'folio_only', 'memalloc_scope', 'private_v5', 'memory_public', 'memory_common']);
    assert.deepEqual(g[2].designs, ['stock', 'spm_v2', 'zone_device', 'my_design']);
    assert.deepEqual(columnOrder(data()), [...g[0].designs, ...g[1].designs, ...g[2].designs]);
  });

  it('renders a group header row spanning each family\'s columns, in that order', () => {
    const html = renderToString(renderCompare(data(), { onlyDifferences: false }));
    assert.match(html, /<th scope="colgroup" colspan="3" class="group" data-group="v4 family">v4 family<\/th><th scope="colgroup" colspan="6" class="group" data-group="post-v4">post-v4<\/th><th scope="colgroup" colspan="4" class="group" data-group="other">other<\/th>/);
    const heads = [...html.matchAll(/<th scope="col" data-design="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(heads, columnOrder(data()));
  });

  it(`is compact from ${COMPACT_FROM} columns: one glyph per cell, the design and the detail in the tooltip; a legend says what glyphs mean`, () => {
    assert.ok(DESIGNS.length >= COMPACT_FROM);
    const html = renderToString(renderCompare(data(), { onlyDifferences: false }));
    assert.match(html, /class="compare-view compact"/);
    assert.match(html, /<td class="cell-leak cell-odd glyph" data-design="nofallback_only" title="nofallback_only: slub THISNODE try" aria-label="nofallback_only: slub THISNODE try">L<\/td>/);
    assert.match(html, /<td class="cell-ok glyph" data-design="private_v4" title="private_v4: N0 ×1"[^>]*>·<\/td>/);
    assert.match(html, /data-testid="compare-legend"/);
    const full = renderToString(renderCompare(data(), { onlyDifferences: false, compact: false }));
    assert.doesNotMatch(full, /glyph/);
    assert.match(full, />leak N2 ×1<\/td>/);
  });

  it('only rows that differ drops the rows every design agrees on', () => {
    const html = renderToString(renderCompare(data(), { onlyDifferences: true }));
    assert.equal((html.match(/<tr class="kind-/g) ?? []).length, 2);
    assert.doesNotMatch(html, /mmap\(1M\)/);
  });

  it('data without groups renders one header row in the given order (older servers)', () => {
    const d = { ...data(), groups: undefined };
    const html = renderToString(renderCompare(d, false));
    assert.doesNotMatch(html, /colgroup/);
    assert.deepEqual([...html.matchAll(/<th scope="col" data-design="([^"]+)"/g)].map((m) => m[1]), DESIGNS);
  });
});
