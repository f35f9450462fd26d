/**
 * `mmlab shrink`: delta debugging keeps the property and writes a valid, much smaller file.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { analyzeStatic } from '../../server/src/analysis/analyze';
import { countStatements, shrink } from '../../server/src/analysis/whatif/shrink';
import { runInProcess, summarize } from '../../server/src/analysis/whatif/summary';
import { parseCli } from '../../server/src/cli/args';
import { shrink as shrinkCmd } from '../../server/src/cli/commands/shrink';

const root = resolve(__dirname, '../..');
const FIXTURE = 'test/whatif/fixtures/shrink-40.mmlab';
const text = readFileSync(join(root, FIXTURE), 'utf8');

describe('what-if: shrink', function () {
  this.timeout(300000);

  it('turns the 40-line sample with a v4/soft difference into ≤ 10 statements that still show it', async () => {
    assert.strictEqual(text.trimEnd().split('\n').length, 40);
    const r = await shrink(text, { design: 'private_v4', line: 33, between: ['private_v4', 'private_soft'] }, runInProcess);
    assert.ok(r.holds);
    assert.ok(r.statementsAfter <= 10, `${r.statementsAfter} statements:\n${r.text}`);
    assert.ok(r.statementsAfter < r.statementsBefore);
    assert.ok(r.runs > 0);
    // the result is a valid file on its own, and the difference is there when it is run afresh
    const stat = analyzeStatic(r.text);
    assert.deepStrictEqual(stat.diagnostics.filter((d) => d.severity === 'error'), []);
    const cells = (['private_v4', 'private_soft'] as const).map((design) => summarize({ text: r.text, design }).rows.find((x) => x.line === r.line)!);
    assert.ok(cells[0] && cells[1], r.text);
    assert.notStrictEqual(cells[0].cell, cells[1].cell);
    assert.strictEqual(cells[1].outcome, 'leak', 'the kind of difference is kept: soft still leaks');
    assert.match(r.text, /kvzalloc_node\(/);
  });

  it('keeps a failing expectation failing, with the same kind of outcome', async () => {
    const r = await shrink(text, { design: 'private_nofallback', line: 34 }, runInProcess);
    assert.ok(r.holds);
    assert.ok(r.statementsAfter <= 4, r.text);
    const row = summarize({ text: r.text, design: 'private_nofallback' }).rows.find((x) => x.line === r.line)!;
    assert.strictEqual(row.outcome, 'fail');
    assert.strictEqual(countStatements(analyzeStatic(r.text).parse.file), r.statementsAfter);
  });

  it('says so when the file does not have the property, and leaves it alone', async () => {
    const r = await shrink(text, { design: 'private_v4', line: 11 }, runInProcess);
    assert.strictEqual(r.holds, false);
    assert.strictEqual(r.text, text);
    const none = await shrink(text, { design: 'private_v4', line: 2 }, runInProcess);
    assert.strictEqual(none.holds, false);
  });

  it('stops at its run limit with a file that still has the property', async () => {
    const r = await shrink(text, { design: 'private_v4', line: 33, between: ['private_v4', 'private_soft'], maxRuns: 12 }, runInProcess);
    assert.ok(r.holds && r.stoppedEarly);
    const cells = (['private_v4', 'private_soft'] as const).map((design) => summarize({ text: r.text, design }).rows.find((x) => x.line === r.line)!.cell);
    assert.notStrictEqual(cells[0], cells[1]);
  });

  it('CLI: the file on stdout, the account (runs taken) on stderr; exit 1 without the property', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const ok = await shrinkCmd(parseCli(['shrink', FIXTURE, '--line', '33', '--between', 'private_v4,private_soft']));
      assert.strictEqual(ok.exitCode, 0);
      assert.match(ok.stderr!, /20 → \d+ statements, 41 → \d+ lines, in \d+ runs/);
      assert.match(ok.stdout, /^scenario /);
      const no = await shrinkCmd(parseCli(['shrink', FIXTURE, '--line', '11']));
      assert.strictEqual(no.exitCode, 1);
      assert.match(no.stderr!, /does not have the property/);
      assert.throws(() => parseCli(['shrink', FIXTURE, '--line', '3', '--between', 'private_v4']), /two different designs/);
    } finally {
      process.chdir(cwd);
    }
  });
});
