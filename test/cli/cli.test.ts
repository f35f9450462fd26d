/**
 * CLI tests run the built binary (dist/cli.js), as a user or CI would.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { join, resolve } from 'path';

const root = resolve(__dirname, '../..');
const cli = join(root, 'dist/cli.js');
const fx = (name: string) => join('test/cli/fixtures', name);

function mmlab(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mmlab CLI (built binary)', function () {
  this.timeout(120000); // spawns node processes; the machine is shared and slow at times
  before(function () {
    if (!existsSync(cli)) {
      const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
      assert.strictEqual(b.status, 0, b.stderr);
    }
  });

  it('prints usage for --help and exits 0; exits 2 on an unknown command', () => {
    const h = mmlab('--help');
    assert.strictEqual(h.code, 0);
    assert.match(h.out, /mmlab check FILE/);
    const u = mmlab('frobnicate');
    assert.strictEqual(u.code, 2);
    assert.match(u.err, /unknown command 'frobnicate'/);
  });

  it('rejects an unknown design with exit 2 and names the designs', () => {
    const r = mmlab('check', fx('leak.mmlab'), '--design', 'private_v9');
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /unknown design 'private_v9'.*private_soft/s);
  });

  it('reports a missing file without a stack trace', () => {
    const r = mmlab('check', 'no/such/file.mmlab');
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /no such file or directory/);
    assert.doesNotMatch(r.err, /at .*\.js:\d+/);
  });

  it('check prints file:line:col: severity code: message and exits 1 on errors, analysing past the typo', () => {
    const r = mmlab('check', fx('broken.mmlab'));
    assert.strictEqual(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.some((l) => /broken\.mmlab:4:\d+: error syntax: /.test(l)), r.out);
    // the statement after the syntax error is still analysed
    assert.ok(lines.some((l) => /broken\.mmlab:5:\d+: error unknown-name: .*nobuf/.test(l)), r.out);
  });

  it('check --json gives the language.md §8 object with 1-based positions', () => {
    const r = mmlab('check', fx('leak.mmlab'), '--design', 'private_soft', '--json');
    const j = JSON.parse(r.out);
    assert.strictEqual(j.design, 'private_soft');
    for (const k of ['file', 'diagnostics', 'expectations', 'nodes', 'mappings', 'stats']) assert.ok(k in j, k);
    const leak = j.diagnostics.find((d: { code: string }) => d.code === 'private-leak');
    assert.ok(leak, 'a private-leak under private_soft');
    assert.strictEqual(leak.line, 7);
    assert.ok(leak.column >= 1 && leak.endLine >= leak.line);
    assert.strictEqual(r.code, 1, 'a leak is an error');
  });

  it('test passes a scenario under its designs and fails a wrong expectation with exit 1', () => {
    const ok = mmlab('test', fx('leak.mmlab'), '--all-designs');
    assert.strictEqual(ok.code, 0, ok.out);
    assert.match(ok.out, /^\d+ passed, 0 failed, \d+ skipped$/m);
    const bad = mmlab('test', fx('failing-expect.mmlab'));
    assert.strictEqual(bad.code, 1);
    assert.match(bad.out, /failing-expect\.mmlab:7:\d+: expect-failed \[private_v4\]: expect pages\(buf, 1\) == 100%/);
    assert.match(bad.out, /^0 passed, 1 failed, 0 skipped$/m);
  });

  it('run prints the node table, placements and is byte-identical in --json twice', () => {
    const r = mmlab('run', fx('failing-expect.mmlab'));
    assert.match(r.out, /^node\s+kind\s+state/m);
    assert.match(r.out, /app\s+buf\s+16 MiB\s+N0 ×4096/);
    const a = mmlab('run', fx('leak.mmlab'), '--json');
    const b = mmlab('run', fx('leak.mmlab'), '--json');
    assert.strictEqual(a.out, b.out);
  });

  it('cuts a runaway scenario at its step budget with budget-exceeded', () => {
    const r = mmlab('check', fx('runaway.mmlab'), '--max-steps', '5000', '--json');
    const j = JSON.parse(r.out);
    assert.ok(j.diagnostics.some((d: { code: string; line: number }) => d.code === 'budget-exceeded' && d.line === 4), r.out);
    assert.ok(j.executed <= 5001);
  });
});
