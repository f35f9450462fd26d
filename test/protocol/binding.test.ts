/**
 * The one expectation rule (issue 12; docs/language.md "Expectations"): an expectation without
 * `under` binds under the file's own design only; under another design it is evaluated, shown as
 * not binding, and never fails anything. Here: the editor after a design switch (diagnostics,
 * lenses, the ✓ count), the comparison view's model (mmlab/compare), the memory map's model
 * (mmlab/run), and one test that reads `mmlab test --all-designs`, `mmlab compare --json` and the
 * comparison view for the same file and finds the same binding verdicts.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import type { CodeLens } from 'vscode-languageserver-protocol/node';
import { CompareData, RunData } from '../../server/src/lsp/protocol';
import { DESIGNS } from '../../server/src/model/ir';
import { fixture, LspClient, ROOT, startClient, uriFor } from './harness';

const FILE = 'test/protocol/fixtures/binding.mmlab';
const EXPECT_LINE = 11; // `expect pages(buf, 2) == 100%`, no `under`
const UNDER_LINE = 13; // `expect pages(buf, 2) == 0 under zone_device`

type Status = 'pass' | 'fail' | 'skipped' | 'not-binding-pass' | 'not-binding-fail';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function statusOf(e: { passed: boolean; skipped?: boolean; notBinding?: boolean }): Status {
  if (e.skipped) return 'skipped';
  if (e.notBinding) return e.passed ? 'not-binding-pass' : 'not-binding-fail';
  return e.passed ? 'pass' : 'fail';
}

describe('protocol: one expectation rule on every surface', function () {
  this.timeout(120000);
  let c: LspClient;
  const uri = uriFor('binding.mmlab');
  const text = fixture('binding.mmlab');
  before(async () => {
    c = await startClient({ settings: {}, refresh: true });
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
  });
  after(async () => c.close());

  const onLine = (line: number) => (d: { range: { start: { line: number } } }) => d.range.start.line === line - 1;

  it('under the file\'s own design the expectation binds: ✓, no expect-failed, lens counts it', async () => {
    const diags = c.diagnostics.filter((d) => d.uri === uri && d.version === 1).pop()!;
    assert.deepStrictEqual(diags.diagnostics.filter((d) => d.code === 'expect-failed'), []);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const resolved = await Promise.all(lenses.map((l) => c.request<CodeLens>('codeLens/resolve', l)));
    assert.match(resolved[0].command!.title, /▶ Run \(private_v4\) ✓ 1\/1 expects$/);
  });

  it('after a design switch: the failing expectation is an info diagnostic and a (✗) lens marked not binding; verdict pass', async () => {
    const before = c.notifications.length;
    c.settings = { design: 'zone_device' };
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const done = await c.waitFor(
      () => c.notifications.slice(before).find((n) => n.method === 'mmlab/runFinished' && (n.params as { design: string }).design === 'zone_device'),
      60000,
      'a run under zone_device',
    );
    const note = done.params as { verdict: string; expectPassed: number; expectFailed: number };
    assert.deepStrictEqual([note.verdict, note.expectPassed, note.expectFailed], ['pass', 1, 0]);
    const published = c.diagnostics.filter((d) => d.uri === uri).pop()!;
    const failed = published.diagnostics.filter((d) => d.code === 'expect-failed');
    assert.strictEqual(failed.length, 1);
    assert.ok(onLine(EXPECT_LINE)(failed[0]));
    assert.strictEqual(failed[0].severity, 3, 'information, not error');
    assert.match(String(failed[0].message), /^not binding under zone_device \(no `under`; it binds under private_v4\)/);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const resolved = await Promise.all(lenses.map((l) => c.request<CodeLens>('codeLens/resolve', l)));
    assert.match(resolved[0].command!.title, /▶ Run \(zone_device\) ✓ 1\/1 expects \(1 not binding under zone_device\)/);
    const lens = resolved.find((l) => l.range.start.line === EXPECT_LINE - 1)!;
    assert.match(lens.command!.title, /^\(✗\) got pages\(buf, 2\) = 0% .* — not binding under zone_device/);
    c.settings = {};
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('memory map model (mmlab/run under another design): counts binding outcomes only, flags the other', async () => {
    const r = await c.request<RunData>('mmlab/run', { uri, design: 'zone_device' });
    assert.strictEqual(r.verdict, 'pass');
    assert.deepStrictEqual([r.counts.expectPassed, r.counts.expectFailed, r.counts.expectNotBinding], [1, 0, 1]);
    const e = r.expectations.find(onLine(EXPECT_LINE))!;
    assert.deepStrictEqual([e.passed, e.notBinding], [false, true]);
  });

  it('mmlab test --all-designs, mmlab compare --json and the comparison view give the same binding verdicts', async () => {
    // 1. mmlab test --all-designs --json: one report per design
    const t = cli('test', FILE, '--all-designs', '--json');
    assert.strictEqual(t.code, 0, t.out + t.err);
    const testJson = JSON.parse(t.out) as { files: { design: string; expectations: { line: number; passed: boolean; skipped?: boolean; notBinding?: boolean }[] }[] };
    // 2. mmlab compare --json: a report per design, plus the rows and verdicts
    const cmp = cli('compare', FILE, '--json');
    assert.strictEqual(cmp.code, 0, cmp.err);
    const compareJson = JSON.parse(cmp.out) as {
      designs: Record<string, { expectations: { line: number; passed: boolean; skipped?: boolean; notBinding?: boolean }[] }>;
      rows: { line: number; kind: string; cells: Record<string, { outcome: string }> }[];
      verdicts: Record<string, string>;
    };
    // 3. the comparison view's model
    const view = await c.request<CompareData>('mmlab/compare', { uri });

    for (const d of DESIGNS) {
      const fromTest = testJson.files.find((f) => f.design === d)!;
      const byLine = (es: { line: number; passed: boolean; skipped?: boolean; notBinding?: boolean }[]) => Object.fromEntries(es.map((e) => [e.line, statusOf(e)]));
      const a = byLine(fromTest.expectations);
      const b = byLine(compareJson.designs[d].expectations);
      const rowCells = (rows: { kind: string; cells: Record<string, { outcome: string } | undefined> }[], lineOf: (i: number) => number) =>
        Object.fromEntries(rows.map((r, i) => [lineOf(i), r]).filter(([, r]) => (r as { kind: string }).kind === 'expect').map(([l, r]) => [l, (r as { cells: Record<string, { outcome: string }> }).cells[d].outcome]));
      const cJson = rowCells(compareJson.rows, (i) => compareJson.rows[i].line);
      const cView = rowCells(view.rows, (i) => view.rows[i].range.start.line + 1);
      assert.deepStrictEqual(a, b, `${d}: mmlab test vs compare --json reports`);
      assert.deepStrictEqual(cJson, cView, `${d}: compare --json rows vs the comparison view`);
      // a cell's outcome is the expectation's status (pass/fail/skipped/not-binding-*)
      assert.deepStrictEqual(cView, a, `${d}: comparison view vs mmlab test`);
      assert.strictEqual(compareJson.verdicts[d], view.verdicts[d], `${d}: column verdict`);
      // nothing binding fails; a design may still end in an error diagnostic of its own (the post-v4
      // NOFALLBACK-only and folio-only variants OOM-kill a BIND{P} fault: 'error', not 'fail')
      assert.notStrictEqual(view.verdicts[d], 'fail', `${d}: nothing binding fails`);
    }
    // and the rule itself, as the fixture states it
    assert.strictEqual(statusOf(compareJson.designs.private_v4.expectations.find((e) => e.line === EXPECT_LINE)!), 'pass');
    assert.strictEqual(statusOf(compareJson.designs.zone_device.expectations.find((e) => e.line === EXPECT_LINE)!), 'not-binding-fail');
    assert.strictEqual(statusOf(compareJson.designs.zone_device.expectations.find((e) => e.line === UNDER_LINE)!), 'pass');
    assert.strictEqual(statusOf(compareJson.designs.stock.expectations.find((e) => e.line === UNDER_LINE)!), 'skipped');
  });
});
