/**
 * The exported map (`mmlab map`): the diagnostics, a script-free timeline slider, owner colours
 * that keep task mappings out of the kernel-allocation colours the legend names.
 */
import * as assert from 'assert';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parseCli } from '../../server/src/cli/args';
import { map } from '../../server/src/cli/commands/map';
import { ownerCategory, ownerColour } from '../../server/src/webview/model';

const root = resolve(__dirname, '../..');

describe('what-if: the exported map', function () {
  this.timeout(120000);
  let html = '';
  before(() => {
    const out = join(mkdtempSync(join(tmpdir(), 'mmlab-map-')), 'map.html');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const r = map(parseCli(['map', 'sample-workspaces/isolation-debate/shrinker-info.mmlab', '-o', out, '--design', 'private_soft']));
      assert.strictEqual(r.exitCode, 0, r.stderr);
    } finally {
      process.chdir(cwd);
    }
    html = readFileSync(out, 'utf8');
  });

  it('lists the diagnostics with their lines', () => {
    assert.match(html, /<h2>Diagnostics \(2\)<\/h2>/);
    assert.match(html, /line 17: error private-leak: 32 page\(s\) of kernel:info reached private node 2/);
  });

  it('has a timeline slider without any script: radio per sampled step, the final state checked, CSS shows the checked one', () => {
    assert.doesNotMatch(html, /<script/i);
    const radios = html.match(/<input type="radio" name="mm-step" id="mm-st-(\d+)"/g) ?? [];
    assert.ok(radios.length >= 10 && radios.length <= 60, `${radios.length} positions`);
    const checked = /<input type="radio" name="mm-step" id="mm-st-(\d+)"[^>]*checked=""/.exec(html);
    assert.ok(checked, 'one position checked');
    assert.strictEqual(Number(checked![1]), 129, 'the final step (130 steps) is checked');
    assert.match(html, /#mm-st-0:checked ~ \.mm-step-states > \.mm-st-0 \{ display: block; \}/);
    assert.strictEqual((html.match(/class="mm-step-state mm-st-/g) ?? []).length, radios.length);
    assert.match(html, /After step 1 of 130: /);
  });

  it('never draws a task mapping in a kernel allocation colour, and the legend says which tones are which', () => {
    for (let i = 0; i < 200; i++) {
      assert.strictEqual(ownerColour(`task:buf${i}`) % 2, 0, `task:buf${i}`);
      assert.strictEqual(ownerColour(`kernel:p${i}`) % 2, 1, `kernel:p${i}`);
    }
    assert.strictEqual(ownerCategory('task:a'), 'mapping');
    assert.match(html, /mapping \(task\): blue and yellow tones/);
    assert.match(html, /kernel allocation: green and purple tones, hatched/);
    const kernelSegs = html.match(/class="seg cat-kernel colour-(\d)"/g) ?? [];
    assert.ok(kernelSegs.length > 0);
    assert.ok(kernelSegs.every((s) => Number(/colour-(\d)/.exec(s)![1]) % 2 === 1));
  });
});
