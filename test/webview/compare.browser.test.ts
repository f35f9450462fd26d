/** The design-comparison webview in headless Chromium, fed recorded CompareData. */
import { strict as assert } from 'assert';
import type { CompareData } from '../../server/src/lsp/protocol';
import { majorityText } from '../../server/src/webview/compareView';
import { cspViolations, fixture, Harness, LoadedPage, screenshot, startHarness } from './harness';

describe('comparison webview (headless Chromium)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let view: LoadedPage;
  const data = fixture<CompareData>('cram-demotion.compare.json');

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });
  beforeEach(async () => {
    view = await harness.open('compare', data.uri);
    await view.send({ type: 'compare', data });
    await view.page.waitForSelector('[data-testid="compare-table"]');
  });
  afterEach(async () => {
    assert.deepEqual(await cspViolations(view.page), []);
    assert.deepEqual(view.problems, []);
    await view.page.close();
  });

  it('has a column per design and a row per statement and expectation', async () => {
    const heads = await view.page.$$eval('thead th[data-design]', (ths) => ths.map((t) => t.getAttribute('data-design')));
    assert.deepEqual(heads, data.designs);
    assert.equal(await view.page.$$eval('tbody tr', (r) => r.length), data.rows.length);
    assert.equal(await view.page.$$eval('tbody tr.kind-expect', (r) => r.length), data.rows.filter((r) => r.kind === 'expect').length);
  });

  it('highlights the rows that differ and the odd cells in them', async () => {
    const differing = await view.page.$$eval('tbody tr.differs', (r) => r.map((x) => x.getAttribute('data-line')));
    assert.deepEqual(differing, data.rows.filter((r) => r.differs).map((r) => String(r.range.start.line + 1)));
    const odd = await view.page.$$eval('tr.differs td.cell-odd', (tds) => tds.map((t) => `${t.getAttribute('data-design')}:${t.textContent}`));
    const expected: string[] = [];
    for (const r of data.rows.filter((x) => x.differs)) {
      const major = majorityText(r, data.designs);
      for (const d of data.designs) if (r.cells[d] && r.cells[d]!.text !== major) expected.push(`${d}:${r.cells[d]!.text}`);
    }
    assert.ok(expected.length > 0, 'the fixture has odd cells');
    assert.deepEqual(odd, expected);
    await screenshot(view.page, 'compare.png');
  });

  it('reveals the line of a clicked row', async () => {
    const row = data.rows[4];
    await view.page.click(`tbody tr[data-line="${row.range.start.line + 1}"] button.link`);
    const reveal = (await view.posted()).find((m) => m.type === 'reveal');
    assert.deepEqual(reveal, { type: 'reveal', target: { range: row.range } });
  });

  it('filters to the differing rows and keeps that choice across a reload', async () => {
    await view.page.check('#only-diff');
    assert.equal(await view.page.$$eval('tbody tr', (r) => r.length), data.rows.filter((r) => r.differs).length);
    await view.page.reload();
    await view.page.waitForSelector('[data-testid="compare-table"]');
    assert.equal(await view.page.isChecked('#only-diff'), true);
    assert.equal(await view.page.$$eval('tbody tr', (r) => r.length), data.rows.filter((r) => r.differs).length);
  });
});
