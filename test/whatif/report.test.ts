/**
 * `mmlab report` (paste-ready, ≤ 72 columns, inferences marked; golden), the decision path in
 * `mmlab run` text and the 100-column `mmlab compare` table.
 * The golden is rewritten only when UPDATE_GOLDENS=1 is set.
 */
import * as assert from 'assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { buildReviewReport, formatReviewReport, REPORT_WIDTH } from '../../server/src/analysis/reviewReport';
import { wrap } from '../../server/src/analysis/decisions';
import { parseCli } from '../../server/src/cli/args';
import { compare, COMPARE_WIDTH } from '../../server/src/cli/commands/compare';
import { run } from '../../server/src/cli/commands/run';
import { report } from '../../server/src/cli/commands/report';
import { DESIGNS } from '../../server/src/model/ir';

const root = resolve(__dirname, '../..');
const fixture = 'test/whatif/fixtures/report-leak.mmlab';
const width = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

function samples(): string[] {
  const dir = join(root, 'sample-workspaces');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(dir, d.name)).filter((f) => f.endsWith('.mmlab')).map((f) => `sample-workspaces/${d.name}/${f}`))
    .sort();
}

describe('what-if: report, run decisions, compare width', function () {
  this.timeout(300000);
  const cwd = process.cwd();
  before(() => process.chdir(root));
  after(() => process.chdir(cwd));

  it('report matches its golden', () => {
    const out = report(parseCli(['report', fixture])).stdout;
    const golden = join(root, 'test/whatif/fixtures/report-leak.report.txt');
    if (process.env.UPDATE_GOLDENS === '1') writeFileSync(golden, `${out}\n`);
    assert.ok(existsSync(golden), 'missing golden (run with UPDATE_GOLDENS=1)');
    assert.strictEqual(`${out}\n`, readFileSync(golden, 'utf8'));
  });

  it('report marks the inference behind private_nofallback refusing the node, and explains the mark', () => {
    const out = report(parseCli(['report', fixture, '--designs', 'private_v4,private_nofallback'])).stdout;
    assert.match(out, /\(inferred\) node 1 skipped: no __GFP_THISNODE or __GFP_PRIVATE/);
    assert.match(out, /Lines marked \(inferred\) rest on an inference/);
    assert.doesNotMatch(out, /\[inferred\]|\[INF\]/, 'the emulator tag is replaced by the mark');
    // the decision path behind the difference: the gate under v4
    assert.match(out, /private_v4: N0 ×1\n.*\n.*\n\s+- node 1 skipped: no __GFP_PRIVATE/);
  });

  it('report lists only the designs asked for and says nothing differs when nothing does', () => {
    const r = buildReviewReport(fixture, readFileSync(join(root, fixture), 'utf8'), ['private_v4', 'spm_v2']);
    assert.deepStrictEqual(r.designs, ['private_v4', 'spm_v2']);
    assert.deepStrictEqual(r.verdicts.map((v) => v.design), ['private_v4', 'spm_v2']);
    assert.strictEqual(r.rows.length, 0, JSON.stringify(r.rows));
    assert.match(formatReviewReport(r), /Every statement and expectation has the same outcome/);
  });

  it(`report fits ${REPORT_WIDTH} columns for every sample`, () => {
    for (const f of samples()) {
      const out = formatReviewReport(buildReviewReport(f, readFileSync(join(root, f), 'utf8'), DESIGNS));
      assert.ok(width(out) <= REPORT_WIDTH, `${f}: ${width(out)} columns`);
      assert.doesNotMatch(out, /\t/);
    }
  });

  it('wrap never exceeds its width, even for one long word', () => {
    for (const w of [10, 20, 72]) {
      const lines = wrap(`short ${'x'.repeat(50)} words after ${'y'.repeat(5)}`, w, '    ');
      assert.ok(lines.every((l) => l.length <= w), JSON.stringify(lines));
      assert.strictEqual(lines.join('').replace(/\s/g, ''), `short${'x'.repeat(50)}wordsafter${'y'.repeat(5)}`);
    }
  });

  it('run text shows the decision path of each statement', () => {
    const out = run(parseCli(['run', fixture, '--design', 'private_v4'])).stdout;
    const dec = out.slice(out.indexOf('\ndecisions:'));
    assert.ok(dec.length > 20, out);
    assert.match(dec, /\n\s+7 {2}p = kvzalloc_node\(4K, GFP_KERNEL, 1\) {2}→ {2}N0 ×1\n\s+.*zonelist 1,0\n\s+node 1 skipped: no __GFP_PRIVATE/);
    const nofb = run(parseCli(['run', fixture, '--design', 'private_nofallback'])).stdout;
    assert.match(nofb, /\(inferred\) node 1 skipped/);
  });

  it(`compare text fits ${COMPARE_WIDTH} columns for every sample and prints cut cells in full`, () => {
    for (const f of samples()) {
      const out = compare(parseCli(['compare', f])).stdout;
      assert.ok(width(out) <= COMPARE_WIDTH, `${f}: ${width(out)} columns`);
    }
    const out = compare(parseCli(['compare', 'sample-workspaces/isolation-debate/shrinker-info.mmlab'])).stdout;
    assert.match(out, /cells cut above, in full:\n(.*\n)*\s+line 17 private_soft: leak N0 ×32, N1 ×64, N2 ×32/);
    assert.match(out, /columns: v4 = private_v4/);
  });
});
