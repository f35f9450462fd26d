/**
 * `mmlab/sweep` over stdio against the built server: the Sweep… lens on a `param` line and the
 * request behind it (worker threads from dist/server/worker.js), its refusals.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CodeLens } from 'vscode-languageserver/node';
import { SweepData } from '../../server/src/lsp/protocol';
import { LspClient, startClient, uriFor } from './harness';

const root = resolve(__dirname, '../..');

describe('protocol: mmlab/sweep (the Sweep… lens)', function () {
  this.timeout(300000);
  let c: LspClient;
  const uri = uriFor('11-media-sweep.mmlab');
  const text = readFileSync(join(root, 'sample-workspaces/cram/11-media-sweep.mmlab'), 'utf8');
  before(async () => {
    c = await startClient({ settings: {} });
    c.open(uri, text);
    await c.runDiagnostics(uri, 1);
  });
  after(async () => c.close());

  it('each param line has a Sweep… lens carrying the name and a starting range', async () => {
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const sweeps = lenses.filter((l) => (l.data as { kind: string }).kind === 'sweep');
    const lines = text.split('\n');
    assert.deepStrictEqual(
      sweeps.map((l) => l.range.start.line),
      lines.map((l, i) => (l.startsWith('param ') ? i : -1)).filter((i) => i >= 0),
    );
    const r = await c.request<CodeLens>('codeLens/resolve', sweeps[0]);
    assert.strictEqual(r.command!.command, 'mmlab.sweep');
    assert.deepStrictEqual(r.command!.arguments, [uri, 'media_size', '512M..2G']);
    assert.match(r.command!.title, /Sweep/);
  });

  it('sweeps a param under the designs asked: the table, one line per design, the flip threshold', async () => {
    const r = await c.request<SweepData>('mmlab/sweep', { uri, set: 'media_size=1G..3G:256M', designs: ['private_v4', 'stock', 'no_such_design'] });
    assert.deepStrictEqual(r.designs, ['private_v4', 'stock']);
    assert.strictEqual(r.values.length, 9);
    assert.strictEqual(r.runs, 18);
    assert.ok(r.charts.every((ch) => ch.series.length === 2));
    const t = r.thresholds.find((x) => x.text === 'expect diagnostic cram-media-overflow');
    assert.ok(t && r.values[t.index] === '1536M', JSON.stringify(r.thresholds));
  });

  it('reports work-done progress and stops on $/cancelRequest (RequestCancelled)', async () => {
    // every run made long (20,000 statements), so the sweep cannot end between its first progress
    // report and the cancel (with the sample alone, 516 runs once finished first: a flaky test)
    const slow = uriFor('11-media-sweep-slow.mmlab');
    c.open(slow, `${text}\ntask busy cpu 0 {\n  x = mmap(64M)\n  repeat 20000 {\n    x[4K] = 1\n  }\n}\n`);
    await c.runDiagnostics(slow, 1);
    const token = 'sweep-progress';
    const source = new CancellationTokenSource();
    const p = c.conn.sendRequest('mmlab/sweep', { uri: slow, set: 'media_size=1G..3G:16M', designs: ['private_v4', 'private_soft', 'stock', 'spm_v2'], workDoneToken: token }, source.token);
    await c.waitFor(() => c.notifications.some((n) => n.method === '$/progress' && (n.params as { token: string; value: { kind: string } }).token === token && (n.params as { value: { kind: string } }).value.kind === 'report'), 60000, 'a progress report');
    source.cancel();
    await assert.rejects(p, (e: { code?: number }) => e.code === -32800);
    const begin = c.notifications.find((n) => n.method === '$/progress' && (n.params as { token: string; value: { kind: string; title?: string } }).value.kind === 'begin' && (n.params as { token: string }).token === token);
    assert.match((begin!.params as { value: { title: string } }).value.title, /sweeping media_size/);
  });

  it('refuses an unknown param or a bad value list with the reason, not a crash', async () => {
    await assert.rejects(() => c.request('mmlab/sweep', { uri, set: 'pressure=1,2' }), /unknown param 'pressure': the file declares param media_size, data_size/);
    await assert.rejects(() => c.request('mmlab/sweep', { uri, set: 'media_size=3G..1G' }), /below the start/);
    await assert.rejects(() => c.request('mmlab/sweep', { uri: uriFor('nope.mmlab'), set: 'x=1' }), /not open/);
    await assert.rejects(() => c.request('mmlab/sweep', { uri, set: 42 }), /set/);
  });
});
