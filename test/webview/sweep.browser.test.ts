/**
 * The sweep webview in headless Chromium: it keeps the sweep it was sent with setState, so a
 * window reload (VS Code restoring the panel: client/src/sweepPanel.ts registerSweepSerializer)
 * draws the same plot and table from getState without a new run; a sweep still running at the
 * reload is not replaced by the previous one.
 */
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { sweepView } from '../../server/src/analysis/whatif/plot';
import { runInProcess } from '../../server/src/analysis/whatif/summary';
import { parseSet, sweep } from '../../server/src/analysis/whatif/sweep';
import type { SweepData } from '../../server/src/lsp/protocol';
import { cspViolations, Harness, LoadedPage, ROOT, startHarness } from './harness';

const URI = 'file:///ws/11-media-sweep.mmlab';

describe('sweep webview (headless Chromium)', function () {
  this.timeout(120_000);
  let harness: Harness;
  let view: LoadedPage;
  let data: SweepData;

  before(async () => {
    const text = readFileSync(join(ROOT, 'sample-workspaces/cram/11-media-sweep.mmlab'), 'utf8');
    data = sweepView(URI, await sweep(text, parseSet('media_size=1G..2G:256M'), { designs: ['private_v4', 'stock'] }, runInProcess));
    harness = await startHarness();
  });
  after(async () => harness?.close());
  beforeEach(async () => {
    view = await harness.open('sweep', URI);
  });
  afterEach(async () => view.page.close());

  const tableRows = () => view.page.$$eval('[data-testid="sweep-table"] tbody tr', (e) => e.length);
  const plotSeries = () => view.page.$$eval('[data-testid="sweep-plot"] g.series', (e) => e.length);

  it('draws the sweep it is sent, and draws it again after a reload from its saved state alone', async () => {
    await view.send({ type: 'sweep', data });
    await view.page.waitForSelector('[data-testid="sweep-plot"]');
    const rows = await tableRows();
    const series = await plotSeries();
    assert.equal(rows, data.values.length);
    assert.ok(series >= data.designs.length, `${series} series`);
    const saved = await view.page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null'));
    assert.deepEqual(saved, { uri: URI, data }, 'the state holds the uri and the whole answer');
    await view.page.reload();
    // nothing is sent after the reload: what it shows comes from getState
    await view.page.waitForSelector('[data-testid="sweep-plot"]');
    assert.equal(await tableRows(), rows);
    assert.equal(await plotSeries(), series);
    assert.ok((await view.posted()).some((m) => m.type === 'ready'), 'the restored view says it is ready');
    assert.deepEqual(view.problems, []);
    assert.deepEqual(await cspViolations(view.page), []);
  });

  it('a sweep running at the reload leaves no stale plot behind', async () => {
    await view.send({ type: 'sweep', data });
    await view.page.waitForSelector('[data-testid="sweep-plot"]');
    await view.send({ type: 'running', what: 'Sweeping media_size=1G..3G under 2 designs…' });
    await view.page.waitForSelector('[data-testid="sweep-plot"]', { state: 'detached' });
    await view.page.reload();
    await view.page.waitForSelector('p.empty');
    assert.equal(await view.page.$$eval('[data-testid="sweep-plot"]', (e) => e.length), 0);
    assert.deepEqual(await view.page.evaluate(() => JSON.parse(sessionStorage.getItem('state') ?? 'null')), { uri: URI });
    // the host's restore then explains why (sweepPanel.ts): an error message replaces the view
    await view.send({ type: 'error', message: 'The sweep had not finished when the window was reloaded: run Sweep… again.' });
    await view.page.waitForSelector('.error-banner');
  });
});
