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
    assert.match(ok.out, /^\d+ passed, 0 failed, \d+ skipped, \d+ not binding$/m);
    const bad = mmlab('test', fx('failing-expect.mmlab'));
    assert.strictEqual(bad.code, 1);
    assert.match(bad.out, /failing-expect\.mmlab:7:\d+: expect-failed \[private_v4\]: expect pages\(buf, 1\) == 100%/);
    assert.match(bad.out, /^0 passed, 1 failed, 0 skipped, 0 not binding$/m);
  });

  // no silent verdicts (issue 12): broken expectations fail, with their line and reason
  it('test fails a file whose expectation names an unknown variable, naming the line (exit 1)', () => {
    const r = mmlab('test', fx('unknown-name-expect.mmlab'));
    assert.strictEqual(r.code, 1, r.out);
    assert.match(r.out, /^FAIL test\/cli\/fixtures\/unknown-name-expect\.mmlab: \d+ static errors?/m);
    assert.match(r.out, /unknown-name-expect\.mmlab:11:\d+: error unknown-name: `y` is not assigned in the kernel blocks/);
    // the broken expectation is reported as a failure with its reason, never dropped
    assert.match(r.out, /unknown-name-expect\.mmlab:11:3: expect-not-evaluated \[private_v4\]: expect pages\(y, 0\) == 0 +\(not evaluated: unknown-name: /);
    assert.match(r.out, /^1 passed, \d+ failed/m);
    assert.doesNotMatch(r.out, /^PASS /m);
  });

  it('test reports every malformed expect line (= for ==, unknown vmstat, unknown design in under, a missing form) as failed', () => {
    const r = mmlab('test', fx('malformed-expects.mmlab'), '--json');
    assert.strictEqual(r.code, 1);
    const j = JSON.parse(r.out);
    const invalid = j.files[0].expectations.filter((e: { invalid?: boolean }) => e.invalid).map((e: { line: number; passed: boolean }) => [e.line, e.passed]);
    assert.deepStrictEqual(invalid, [[8, false], [10, false], [12, false], [14, false]]);
    assert.strictEqual(j.summary.filesWithStaticErrors, 1);
  });

  it('test passes a file whose static error is claimed by `expect diagnostic CODE`', () => {
    const r = mmlab('test', fx('claimed-error.mmlab'));
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /^PASS .*claimed-error\.mmlab \[private_v4\] 1\/1$/m);
  });

  // the one expectation rule (language rule in docs/language.md): no `under` binds under the file's own design only
  it('test --design D evaluates an expectation without `under` as not binding: shown, exit 0 (spm/zswap.mmlab)', () => {
    const r = mmlab('test', 'sample-workspaces/spm/zswap.mmlab', '--design', 'private_v4');
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /zswap\.mmlab:\d+:\d+: not binding \[private_v4\] \(binds under spm_v2; no `under`\): would fail: /);
    assert.match(r.out, /^\d+ passed, 0 failed, \d+ skipped, [1-9]\d* not binding$/m);
  });

  it('run under another design marks a failing expectation without `under` (✗) not binding, as info, exit 0', () => {
    const r = mmlab('run', 'test/protocol/fixtures/binding.mmlab', '--design', 'zone_device');
    assert.strictEqual(r.code, 0, r.out);
    assert.match(r.out, /^ {2}\(✗\) 11: expect pages\(buf, 2\) == 100% .*\[not binding under zone_device: /m);
    assert.match(r.out, /binding\.mmlab:11:3: info expect-failed: not binding under zone_device/);
    const own = mmlab('run', 'test/protocol/fixtures/binding.mmlab');
    assert.match(own.out, /^ {2}✓ 11: expect pages\(buf, 2\) == 100%$/m);
  });

  it('compare shows a non-binding failure as (✗) and keeps that column\'s verdict pass', () => {
    const r = mmlab('compare', 'test/protocol/fixtures/binding.mmlab');
    const row = r.out.split('\n').find((l) => /^\*? +11 +expect pages/.test(l))!;
    assert.match(row, /\(✓\) +✓ +\(✓\) +\(✓\) +\(✗\) go/);
    assert.match(r.out, /line 11 zone_device: \(✗\) got pages\(buf, 2\) = 0%/);
    const verdicts = r.out.split('\n').find((l) => /^\s+verdict\s/.test(l))!;
    const columns = verdicts.trim().split(/\s+/).slice(1);
    assert.ok(columns.length >= 6, verdicts);
    assert.deepStrictEqual([...new Set(columns)], ['pass']);
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
