/**
 * The sweep view's data (analysis/whatif/plot.ts) and its drawing (webview/sweepView.ts, rendered
 * to a string here; the real editor draws the same tree in test/e2e).
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { suggestRange, sweepView } from '../../server/src/analysis/whatif/plot';
import { runInProcess } from '../../server/src/analysis/whatif/summary';
import { parseSet, sweep } from '../../server/src/analysis/whatif/sweep';
import { renderSweep } from '../../server/src/webview/sweepView';
import { renderToString } from '../../server/src/webview/vdom';

const root = resolve(__dirname, '../..');
const SAMPLE = 'sample-workspaces/cram/11-media-sweep.mmlab';

describe('what-if: the sweep view', function () {
  this.timeout(300000);

  it('charts each node against the value, one line per design, and marks where the overflow expectation flips', async () => {
    const text = readFileSync(join(root, SAMPLE), 'utf8');
    const designs = ['private_v4', 'private_soft', 'stock'];
    const r = await sweep(text, parseSet('media_size=1G..3G:256M'), { designs }, runInProcess);
    const v = sweepView('file:///s.mmlab', r);
    assert.strictEqual(v.values.length, 9);
    assert.strictEqual(v.table.length, 9 * 3);
    assert.strictEqual(v.runs, 27);
    const media = v.charts.find((c) => c.id === 'n3-media')!;
    assert.ok(media, v.charts.map((c) => c.id).join(','));
    assert.deepStrictEqual(media.series.map((s) => s.design), designs);
    assert.ok(media.series.every((s) => s.points.length === 9 && s.points.every((p) => typeof p === 'number')));
    // below the flip the media is full: its use grows with the media size up to the threshold
    const v4 = media.series[0].points as number[];
    assert.strictEqual(v4[0], 2 ** 30);
    assert.ok(v4[2] > v4[1]);
    assert.ok(v.charts.some((c) => c.id === 'n3-used' && c.unit === 'pages'));
    const t = v.thresholds.find((x) => x.text === 'expect diagnostic cram-media-overflow')!;
    assert.ok(t, JSON.stringify(v.thresholds));
    assert.strictEqual(v.values[t.index - 1], '1280M');
    assert.strictEqual(v.values[t.index], '1536M');
    assert.deepStrictEqual(t.flips.map((f) => f.design).sort(), [...designs].sort());
    assert.ok(t.flips.every((f) => f.from === '✓' && f.to.startsWith('✗')));

    const html = renderToString(renderSweep(v));
    assert.strictEqual((html.match(/<figure class="sweep-chart"/g) ?? []).length, v.charts.length);
    assert.strictEqual((html.match(/<g class="series" data-design="/g) ?? []).length, v.charts.length * designs.length);
    assert.ok((html.match(/<g class="flip-marker" data-line="\d+"/g) ?? []).length >= v.charts.length);
    assert.match(html, /line \d+ expect diagnostic cram-media-overflow: flips between 1280M and 1536M \(✓ → ✗ got diagnostics: cram-backpressure: private_v4, private_soft; ✓ → ✗ got no diagnostic: stock\)/);
    assert.match(html, /<table class="sweep-table" data-testid="sweep-table">/);
    assert.strictEqual((html.match(/<tr( class="flips")?><th scope="row">/g) ?? []).length, 9);
  });

  it('suggests half to twice the current value for the input box', () => {
    assert.strictEqual(suggestRange('1G'), '512M..2G');
    assert.strictEqual(suggestRange('768M'), '384M..1536M');
    assert.strictEqual(suggestRange('3'), '1..6');
    assert.strictEqual(suggestRange('2.5'), '1.25..5');
    assert.strictEqual(suggestRange('10%'), '0%..100%:10%');
    for (const s of ['1G', '768M', '3', '2.5', '10%']) assert.ok(parseSet(`x=${suggestRange(s)}`).values.length > 1, s);
  });
});
