/**
 * Script injection through every scenario-provided string (node owners, mapping
 * and task names, titles, explain lines, trace events, expectation text, the
 * document URI) must render as text in both webviews and in the standalone page.
 */
import { strict as assert } from 'assert';
import type { CompareData, RunData } from '../../server/src/lsp/protocol';
import { renderMemoryMapHtml } from '../../server/src/webview/standalone';
import { cspViolations, fixture, Harness, screenshot, startHarness } from './harness';

const PAYLOAD = '<img src=x onerror="window.__pwned=1">';

describe('script injection renders as text (headless Chromium)', function () {
  this.timeout(60_000);
  let harness: Harness;
  const run = fixture<RunData>('injection.run.json');
  const compare = fixture<CompareData>('injection.compare.json');

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  it('memory map: hostile names, title and explain lines stay text', async () => {
    const view = await harness.open('memoryMap', run.uri);
    await view.send({ type: 'run', run });
    await view.page.waitForSelector('section.node');
    await view.page.fill('#timeline', '1');
    await view.page.waitForFunction(() => document.getElementById('step-label')!.textContent!.startsWith('Step 2'));
    await view.page.waitForTimeout(200);
    assert.equal(await view.page.evaluate(() => (window as any).__pwned), undefined, 'no injected script ran');
    assert.equal(await view.page.$$eval('img, svg, iframe, object, embed', (e) => e.length), 0, 'no injected element');
    assert.equal(await view.page.$$eval('script', (e) => e.length), 1, 'only our own script');
    const text = await view.page.evaluate(() => document.body.textContent!);
    assert.ok(text.includes(`T</script><script>window.__pwned=2</script>${PAYLOAD}`), 'the title is shown literally');
    assert.ok(text.includes(`explain ${PAYLOAD}`));
    const owners = await view.page.$$eval('.seg[data-owner]', (e) => e.map((x) => x.getAttribute('data-owner')));
    assert.ok(owners.includes(run.nodes.find((n) => n.owners.length)!.owners[0].owner), owners.join(', '));
    assert.ok(owners.every((o) => o!.endsWith(PAYLOAD) || !o!.includes(':')), 'hostile owner names are attributes, verbatim');
    assert.deepEqual(await cspViolations(view.page), []);
    await screenshot(view.page, 'injection-memory-map.png');
    await view.page.close();
  });

  it('comparison: hostile statement text and cells stay text', async () => {
    const view = await harness.open('compare', compare.uri);
    await view.send({ type: 'compare', data: compare });
    await view.page.waitForSelector('[data-testid="compare-table"]');
    await view.page.hover('tbody tr td[data-design="stock"]');
    assert.equal(await view.page.evaluate(() => (window as any).__pwned), undefined);
    assert.equal(await view.page.$$eval('img, svg', (e) => e.length), 0);
    const first = await view.page.$eval('tbody tr th.row-head', (e) => e.textContent!);
    assert.equal(first, `buf${PAYLOAD}`);
    await view.page.close();
  });

  it('standalone HTML: no script at all, hostile strings as text', async () => {
    const page = await harness.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(renderMemoryMapHtml(run, { sourceLabel: `src ${PAYLOAD}` }));
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as any).__pwned), undefined);
    assert.equal(await page.$$eval('script, img, svg', (e) => e.length), 0);
    assert.ok((await page.evaluate(() => document.title)).includes('</script><script>'));
    assert.ok((await page.evaluate(() => document.body.textContent!)).includes(`src ${PAYLOAD}`));
    // the timeline slider draws the nodes once per position; CSS shows only the checked (final) one
    assert.equal(await page.$$eval('section.node', (e) => e.filter((x) => (x as HTMLElement).offsetParent !== null).length), run.nodes.length);
    assert.deepEqual(errors, []);
    await screenshot(page, 'injection-standalone.png');
    await page.close();
  });
});
