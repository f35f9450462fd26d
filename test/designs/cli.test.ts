/**
 * User designs on the command line: a design declared in the scenario or in the
 * workspace's designs.mmlab works in --design, `under`, `mmlab test --all-designs` and as
 * a column of `mmlab compare` (or --designs a,b,c); an unknown name is a usage error.
 */
import * as assert from 'assert';
import * as path from 'path';
import { parseCli } from '../../server/src/cli/args';
import { compare } from '../../server/src/cli/commands/compare';
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

  it('mmlab test --all-designs runs the user designs too, and every expectation holds', () => {
    const r = test(cli(['test', path.dirname(file), '--all-designs']));
    assert.strictEqual(r.exitCode, 0, r.stdout);
    assert.match(r.stdout, /\[lists_only\] 1\/1/);
    assert.match(r.stdout, /\[mine\] 1\/1/);
  });
});
