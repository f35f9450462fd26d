/**
 * User designs on the command line: a design declared in the scenario or in the
 * workspace's designs.mmlab works in --design, `under`, `mmlab test --all-designs` and as
 * a column of `mmlab compare` (or --designs a,b,c); an unknown name is a usage error.
 */
import * as assert from 'assert';
import * as path from 'path';
import { parseCli } from '../../server/src/cli/args';
import { compare } from '../../server/src/cli/commands/compare';
import { explore } from '../../server/src/cli/commands/explore';
import { shrink } from '../../server/src/cli/commands/shrink';
import { sweep } from '../../server/src/cli/commands/sweep';
import { run } from '../../server/src/cli/commands/run';
import { test } from '../../server/src/cli/commands/test';

const file = path.join(__dirname, 'fixtures/workspace/sub/mine.mmlab');
const cli = (argv: string[]) => parseCli(argv);

describe('user designs on the command line', () => {
  it('--design names a design of the file or of the workspace', () => {
    const mine = JSON.parse(run(cli(['run', file, '--design', 'mine', '--json'])).stdout);
    assert.strictEqual(mine.design, 'mine');
    assert.deepStrictEqual(mine.expectations.filter((e: { skipped?: boolean }) => !e.skipped).map((e: { text: string; passed: boolean }) => [e.text, e.passed]), [['expect error ENOMEM under mine', true]]);
    const lists = JSON.parse(run(cli(['run', file, '--design', 'lists_only', '--json'])).stdout);
    assert.ok(lists.diagnostics.some((d: { code: string }) => d.code === 'private-leak'), 'the workspace design has no gate: the forgotten flag leaks');
    assert.throws(() => run(cli(['run', file, '--design', 'nope'])), /unknown design 'nope'.*lists_only, mine/);
  });

  it('compare shows the built-ins, then the workspace\'s and the file\'s designs; --designs picks columns', () => {
    const all = JSON.parse(compare(cli(['compare', file, '--json'])).stdout);
    assert.deepStrictEqual(Object.keys(all.designs).slice(-2), ['lists_only', 'mine']);
    assert.ok(Object.keys(all.designs).includes('private_latest'));
    const text = compare(cli(['compare', file])).stdout;
    // 15 designs do not fit one table: the declared ones get their own
    assert.match(text, /declared in the workspace or the file:\n\n\s+line\s+statement\s+lists_only\s+mine\n/);
    const two = JSON.parse(compare(cli(['compare', file, '--designs', 'mine,private_v4', '--json'])).stdout);
    assert.deepStrictEqual(Object.keys(two.designs), ['mine', 'private_v4']);
    assert.strictEqual(two.rows[0].cells.mine.text, 'ENOMEM');
  });

  it('explore, sweep and shrink run the workspace\'s designs too (their runs used to see the file only)', async () => {
    const line = 11; // expect pages(p, 2) == 100% under lists_only
    const ex = JSON.parse((await explore(cli(['explore', file, '--design', 'lists_only', '--line', String(line), '--json', '--jobs', '1']))).stdout);
    assert.strictEqual(ex.design, 'lists_only');
    // no gate: the forgotten flag lands on node 2 (a leak), as the expectation under lists_only says
    assert.deepStrictEqual([ex.focusRow.cell, ex.base.rows[0].cell], ['✓', 'leak N2 ×16']);
    // under private_v4 the line is evaluated too (not binding there), never "unknown design"
    const v4 = (await explore(cli(['explore', file, '--line', String(line), '--jobs', '1']))).stdout;
    assert.doesNotMatch(v4, /unknown design/);
    assert.match(v4, /design lists_only instead of private_v4/, 'the workspace design is a variant');
    const sw = JSON.parse((await sweep(cli(['sweep', file, '--set', 'line.10.count=8,16', '--designs', 'lists_only,mine', '--json', '--jobs', '1']))).stdout);
    assert.deepStrictEqual(sw.designs, ['lists_only', 'mine']);
    // lists_only leaks the pages onto node 2 (an error verdict); mine refuses them (ENOMEM, expected)
    assert.deepStrictEqual(sw.table.map((p: { value: string; design: string; verdict: string; staticErrors: number; rows: { cell: string }[] }) => [p.value, p.design, p.verdict, p.staticErrors, p.rows[0].cell]), [
      ['8', 'lists_only', 'error', 0, 'leak N2 ×8'],
      ['8', 'mine', 'pass', 0, 'ENOMEM'],
      ['16', 'lists_only', 'error', 0, 'leak N2 ×16'],
      ['16', 'mine', 'pass', 0, 'ENOMEM'],
    ]);
    const sh = await shrink(cli(['shrink', file, '--line', '10', '--between', 'lists_only,private_v4', '--json']));
    assert.strictEqual(sh.exitCode, 0, sh.stdout);
    assert.match(JSON.parse(sh.stdout).property, /different outcome under lists_only and private_v4/);
    await assert.rejects(() => explore(cli(['explore', file, '--design', 'nope'])), /unknown design 'nope'.*lists_only, mine/);
    await assert.rejects(() => sweep(cli(['sweep', file, '--set', 'line.10.count=8', '--designs', 'nope'])), /unknown design 'nope'/);
  });

  it('mmlab test --all-designs runs the user designs too, and every expectation holds', () => {
    const r = test(cli(['test', path.dirname(file), '--all-designs']));
    assert.strictEqual(r.exitCode, 0, r.stdout);
    assert.match(r.stdout, /\[lists_only\] 1\/1/);
    assert.match(r.stdout, /\[mine\] 1\/1/);
  });
});
