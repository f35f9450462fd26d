/**
 * The real server reads the workspace's designs.mmlab by the CLI's rule (the nearest one above
 * the scenario): its designs are seen by the scenario's diagnostics, `under`, hovers and the
 * comparison's columns; editing it in the editor, closing it unsaved and changing it on disk
 * re-analyse the open scenarios; designs.mmlab gets its own diagnostics.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CompareData, DesignsData, RunData, SweepData, WhatIfResult } from '../../server/src/lsp/protocol';
import { DESIGNS as BUILTINS } from '../../server/src/model/ir';
import { LspClient, positionOf, startClient } from './harness';

const DESIGNS = `// every scenario under this folder sees these

design lists_only extends private_v4 {
  gate             none
  injects          none
}
`;
const SCENARIO = `scenario "a scenario using the workspace's design"
node 0 dram 1G cpus 0
node 2 cxl 1G private ops MIGRATION | MEMPOLICY

kernel "a driver forgot __GFP_PRIVATE" {
  p = alloc_pages_node(2, GFP_HIGHUSER_MOVABLE, 0, count=16)
  expect pages(p, 2) == 100% under lists_only
  expect pages(p, 0) == 100% under private_v4
}
`;

const messageOf = (d: { message: string | { value: string } }) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('protocol: the workspace\'s designs.mmlab', function () {
  this.timeout(60000);
  let c: LspClient;
  let dir: string;
  let designsUri: string;
  let scenarioUri: string;
  /** the run notifications for the scenario so far (a re-analysis sends another for the same version) */
  const runs = () => c.notifications.filter((n) => n.method === 'mmlab/runFinished' && (n.params as { uri: string }).uri === scenarioUri).map((n) => n.params as { verdict: string });
  const lastDiagnostics = (uri: string) => c.diagnostics.filter((d) => d.uri === uri).at(-1)?.diagnostics ?? [];
  const unknownDesign = () => lastDiagnostics(scenarioUri).filter((d) => d.code === 'invalid-argument' && /unknown design `lists_only`/.test(messageOf(d)));
  /** waits for the next run of the scenario after `before` runs */
  const nextRun = (before: number) => c.waitFor(() => runs()[before], 20000, `run #${before + 1} of the scenario`);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mmlab-ws-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'designs.mmlab'), DESIGNS);
    fs.writeFileSync(path.join(dir, 'sub', 'scenario.mmlab'), SCENARIO);
    designsUri = pathToFileURL(path.join(dir, 'designs.mmlab')).href;
    scenarioUri = pathToFileURL(path.join(dir, 'sub', 'scenario.mmlab')).href;
    c = await startClient({ settings: {} });
  });
  after(async () => {
    await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a scenario sees the designs of the nearest designs.mmlab on disk: under, hover, compare', async () => {
    c.open(scenarioUri, SCENARIO);
    const run = await nextRun(0);
    assert.strictEqual(run.verdict, 'pass', JSON.stringify(lastDiagnostics(scenarioUri)));
    assert.deepStrictEqual(unknownDesign(), []);
    const hover = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: scenarioUri }, position: positionOf(SCENARIO, 'lists_only', 2) });
    assert.match(hover.contents.value, /declared in the workspace's designs\.mmlab/);
    const cmp = await c.request<CompareData>('mmlab/compare', { uri: scenarioUri });
    assert.strictEqual(cmp.designs.at(-1), 'lists_only');
    const leak = cmp.rows.find((r) => r.text.startsWith('p = alloc_pages_node'))!;
    assert.notStrictEqual(leak.cells.lists_only!.text, leak.cells.private_v4!.text, 'no gate: the forgotten flag lands on node 2');
  });

  it('What if… and Sweep… run the workspace\'s designs (their runs in worker threads used to know only the file)', async () => {
    const line = SCENARIO.split('\n').findIndex((l) => l.includes('under lists_only'));
    const r = await c.request<WhatIfResult>('mmlab/whatIf', { uri: scenarioUri, line, action: 'explore', design: 'lists_only' });
    assert.match(r.text, /under lists_only: \d+ one-change variants/, r.text.slice(0, 400));
    // the expectation is evaluated under lists_only (no gate: the forgotten flag lands on node 2)
    assert.match(r.text, /line 7: expect pages\(p, 2\) == 100% under lists_only\n\s+now: ✓/, r.text.slice(0, 600));
    assert.match(r.text, /design private_v4 instead of lists_only .*\n\s+line 6: leak N2 ×16 → N0 ×16/);
    assert.doesNotMatch(r.text, /unknown design/);
    const sweep = await c.request<SweepData>('mmlab/sweep', { uri: scenarioUri, set: 'line.6.count=8,16', designs: ['lists_only', 'private_v4'] });
    assert.deepStrictEqual(sweep.designs, ['lists_only', 'private_v4']);
    assert.strictEqual(sweep.runs, 4);
    assert.deepStrictEqual(sweep.invalid, []);
  });

  it('mmlab/designs lists the built-ins, the workspace\'s and the file\'s own; the setting may name a declared design', async () => {
    const own = 'own.mmlab';
    const ownUri = pathToFileURL(path.join(dir, 'sub', own)).href;
    const text = SCENARIO.replace('kernel "', '// a v4 whose private node falls back to nothing\ndesign mine extends private_v4 {\n  own_fallback self_only\n}\n\nkernel "');
    c.open(ownUri, text);
    await c.runDiagnostics(ownUri, 1);
    const d = await c.request<DesignsData>('mmlab/designs', { uri: ownUri });
    assert.deepStrictEqual(d.designs.map((x) => x.name), [...BUILTINS, 'lists_only', 'mine']);
    assert.deepStrictEqual(d.designs.slice(-2).map((x) => [x.origin, x.base, x.summary]), [
      ['workspace', 'private_v4', 'workspace: private_v4 with gate none, injects none'],
      ['file', 'private_v4', 'this file: a v4 whose private node falls back to nothing'],
    ]);
    assert.strictEqual(d.current, 'private_v4');
    assert.deepStrictEqual(d.compare, [...BUILTINS, 'lists_only', 'mine']);
    // the status-bar switcher writes mmlab.design: a declared design is used where it is seen
    c.settings = { design: 'mine', compareDesigns: ['stock', 'mine'] };
    const before = c.notifications.filter((n) => n.method === 'mmlab/runFinished' && (n.params as { uri: string }).uri === ownUri).length;
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const rerun = await c.waitFor(() => c.notifications.filter((n) => n.method === 'mmlab/runFinished' && (n.params as { uri: string }).uri === ownUri)[before], 20000, 'rerun under mine');
    assert.strictEqual((rerun.params as { design: string }).design, 'mine');
    const again = await c.request<DesignsData>('mmlab/designs', { uri: ownUri });
    assert.strictEqual(again.current, 'mine');
    assert.deepStrictEqual(again.compare, ['stock', 'mine', 'lists_only']);
    // ... and a scenario that does not see it keeps the default
    assert.strictEqual((await c.request<DesignsData>('mmlab/designs', { uri: scenarioUri })).current, 'private_v4');
    const run = await c.request<RunData>('mmlab/run', { uri: ownUri });
    assert.strictEqual(run.design, 'mine');
    assert.deepStrictEqual(run.designs?.map((x) => x.name).slice(-2), ['lists_only', 'mine']);
    c.settings = {};
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    void c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: ownUri } });
  });

  it('typing in designs.mmlab re-analyses the scenario, and designs.mmlab has its own diagnostics', async () => {
    c.open(designsUri, DESIGNS);
    await c.waitFor(() => c.runFinished(designsUri, 1), 20000, 'designs.mmlab analysed');
    assert.deepStrictEqual(lastDiagnostics(designsUri), []);
    const broken = DESIGNS.replace('lists_only', 'renamed').replace('gate             none', 'gate             bogus');
    const v = c.replaceAll(designsUri, broken);
    // (a run the previous test's settings change started may land first: wait for the answer itself)
    await c.waitFor(() => unknownDesign().length === 1 || undefined, 20000, 'the scenario no longer sees lists_only');
    const own = await c.runDiagnostics(designsUri, v);
    const at = positionOf(broken, 'bogus');
    const bad = own.diagnostics.find((d) => d.range.start.line === at.line && d.range.start.character === at.character);
    assert.ok(bad, JSON.stringify(own.diagnostics));
    assert.match(messageOf(bad), /`gate` takes `none` or GFP flags/);
  });

  it('closing designs.mmlab unsaved brings back the file on disk', async () => {
    void c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: designsUri } });
    // the run's publish comes just before its mmlab/runFinished: wait for both
    await c.waitFor(() => (unknownDesign().length === 0 && runs().at(-1)!.verdict === 'pass') || undefined, 20000, 'lists_only seen again, the run passes');
  });

  it('a change on disk (workspace/didChangeWatchedFiles) re-analyses the scenario', async () => {
    fs.writeFileSync(path.join(dir, 'designs.mmlab'), DESIGNS.replace('lists_only', 'gone'));
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: designsUri, type: 2 }] });
    await c.waitFor(() => unknownDesign().length === 1 || undefined, 20000, 'the change on disk seen');
  });
});
