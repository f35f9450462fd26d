/**
 * Sweeps: `--set` parsing, knobs by path (every value a valid file), the table and the flip point.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { formatSweep } from '../../server/src/analysis/whatif/format';
import { runInProcess } from '../../server/src/analysis/whatif/summary';
import { parseSet, sweep, SweepError, sweepSeries, sweepTexts } from '../../server/src/analysis/whatif/sweep';
import { parseCli } from '../../server/src/cli/args';
import { sweep as sweepCmd } from '../../server/src/cli/commands/sweep';

const root = resolve(__dirname, '../..');
const OVERFLOW = 'sample-workspaces/cram/07-media-overflow.mmlab';

describe('what-if: sweep', function () {
  this.timeout(300000);

  it('parses lists and ranges of sizes, percents and numbers', () => {
    assert.deepStrictEqual(parseSet('node.3.media=1G..3G:512M'), { path: 'node.3.media', values: ['1G', '1536M', '2G', '2560M', '3G'] });
    assert.deepStrictEqual(parseSet('sysctl.vm.overcommit_ratio=10,50, 90').values, ['10', '50', '90']);
    assert.deepStrictEqual(parseSet('line.9.count=1..4').values, ['1', '2', '3', '4']);
    assert.deepStrictEqual(parseSet('node.3.ratio=1.5..3:0.5').values, ['1.5', '2', '2.5', '3']);
    assert.deepStrictEqual(parseSet('node.3.watermarks.low=10%..40%:10%').values, ['10%', '20%', '30%', '40%']);
    assert.strictEqual(parseSet('node.0.size=1G..8G').values.length, 8, 'a range without a step has 8 values');
    for (const bad of ['node.3.media', 'x=', 'n=3G..1G', 'n=1G..2:1', 'n=1..1000000:1']) assert.throws(() => parseSet(bad), SweepError, bad);
  });

  it('edits each knob at its span (or adds the declaration), and every value is a valid file', () => {
    const text = 'scenario "t"\nnode 0 dram 1G cpus 0\nnode 1 cram 2G media 512M ratio 2.0 watermarks low=10% high=25%\n\nkernel "k" {\n  repeat 4 {\n    p = alloc_pages_node(0, GFP_KERNEL, 0)\n  }\n}\n';
    const cases: [string, RegExp][] = [
      ['node.0.size=2G', /node 0 dram 2G cpus 0/],
      ['node.1.media=1G', /media 1G ratio 2.0/],
      ['node.1.ratio=3.5', /ratio 3.5 watermarks/],
      ['node.1.watermarks.high=40%', /low=10% high=40%/],
      ['line.6.repeat=9', /repeat 9 \{/],
      ['line.7.count=16', /alloc_pages_node\(0, GFP_KERNEL, 0, count=16\)/],
      ['line.7.order=2', /alloc_pages_node\(0, GFP_KERNEL, 2\)/],
      ['sysctl.vm.zone_reclaim_mode=1', /watermarks low=10% high=25%\nsysctl vm.zone_reclaim_mode = 1\n/],
      ['swap=1G', /\nswap 1G\n/],
    ];
    for (const [set, re] of cases) {
      const [t] = sweepTexts(text, parseSet(set));
      assert.match(t, re, set);
      const errors = analyzeStatic(t).diagnostics.filter((d) => d.severity === 'error');
      assert.deepStrictEqual(errors.map((d) => d.message), [], set);
    }
    assert.throws(() => sweepTexts(text, parseSet('node.7.size=1G')), /no node 7/);
    assert.throws(() => sweepTexts(text, parseSet('line.3.count=1')), /no call or repeat/);
    assert.throws(() => sweepTexts(text, parseSet('bogus=1')), /unknown param 'bogus': the file declares no param \(or name a knob by path/);
  });

  it('a CRAM media sweep over 9 values prints the table and the flip point where the overflow stops', async () => {
    const text = readFileSync(join(root, OVERFLOW), 'utf8');
    const r = await sweep(text, parseSet('node.3.media=1G..3G:256M'), { designs: ['private_v4'] }, runInProcess);
    assert.strictEqual(r.values.length, 9);
    const flip = r.flips.find((f) => f.text === 'expect diagnostic cram-media-overflow');
    assert.ok(flip, JSON.stringify(r.flips));
    assert.strictEqual(flip!.from.cell, '✓');
    assert.match(flip!.to.cell, /^✗/);
    // below the flip the media is full
    const media = (v: string) => r.points.find((p) => p.value === v)!.summary!.nodes.find((n) => n.id === 3)!.mediaUsedBytes;
    assert.strictEqual(media(flip!.from.value), Number(flip!.from.value.replace('M', '')) * 2 ** 20);
    assert.ok(media(flip!.to.value) > media(flip!.from.value), 'with more media, more of the data is stored');
    const out = formatSweep(OVERFLOW, r);
    assert.match(out, /^value\s+verdict\s+failed\s+N0 used\s+N3 used\s+N3 media$/m);
    assert.strictEqual(out.split('\n').filter((l) => /^\d+[MG]\s+(pass|fail|error)/.test(l)).length, 9);
    assert.match(out, new RegExp(`line 22 expect diagnostic cram-media-overflow: ✓ at ${flip!.from.value} → ✗`));
    // the plot's data: one series per design, one point per value
    const s = sweepSeries(r);
    assert.strictEqual(s.length, 1);
    assert.strictEqual(s[0].nodes[3].media.length, 9);
  });

  it('sweeps a param by name (cram/11-media-sweep: media_size over 9 values, the same flip as by path)', async () => {
    const f = 'sample-workspaces/cram/11-media-sweep.mmlab';
    const text = readFileSync(join(root, f), 'utf8');
    const texts = sweepTexts(text, parseSet('media_size=1G..3G:256M'));
    assert.strictEqual(texts.length, 9);
    assert.match(texts[1], /^param media_size = 1280M$/m);
    assert.match(texts[1], /media media_size ratio/, 'the use is left alone: only the value changes');
    const r = await sweep(text, parseSet('media_size=1G..3G:256M'), { designs: ['private_v4', 'stock'] }, runInProcess);
    const flips = r.flips.filter((x) => x.text === 'expect diagnostic cram-media-overflow');
    assert.deepStrictEqual(flips.map((x) => [x.design, x.from.value, x.to.value]), [['private_v4', '1280M', '1536M'], ['stock', '1280M', '1536M']]);
    // a name that is neither a param of the file nor a path: the error lists the file's params
    assert.throws(() => sweepTexts(text, parseSet('pressure=1,2')), /unknown param 'pressure': the file declares param media_size, data_size/);
    const cwd = process.cwd();
    process.chdir(root);
    try {
      await assert.rejects(() => sweepCmd(parseCli(['sweep', f, '--set', 'pressure=1,2'])), /unknown param 'pressure'/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('CLI: one row per value and design; a bad --set is a usage error', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const out = await sweepCmd(parseCli(['sweep', 'test/cli/fixtures/leak.mmlab', '--set', 'line.7.count=8,16', '--designs', 'private_v4,private_soft']));
      assert.strictEqual(out.exitCode, 0);
      assert.match(out.stdout, /^8\s+private_v4\s+pass/m);
      assert.match(out.stdout, /^16\s+private_soft\s+error/m);
      await assert.rejects(() => sweepCmd(parseCli(['sweep', 'test/cli/fixtures/leak.mmlab', '--set', 'node.9.size=1G'])), /no node 9/);
    } finally {
      process.chdir(cwd);
    }
  });
});
