/**
 * The sweep in a real VS Code extension host: the Sweep… lens on a `param` line through the
 * editor's own code-lens provider, and mmlab.sweep (values given, so no input box) running the
 * sweep in the language server's worker threads and opening the sweep webview. The plot's DOM
 * is checked in the browser by scripts/e2e/run.mjs (ui: the sweep plot …).
 */
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import type { SweepData } from '../../../server/src/lsp/protocol';

describe('sweep in a real VS Code', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'sweep.mmlab'));
    await vscode.window.showTextDocument(doc);
    const ext = vscode.extensions.getExtension('mmlab.mmlab')!;
    for (let i = 0; i < 200 && !ext.isActive; i++) await new Promise((r) => setTimeout(r, 100));
    await (ext.exports as { ready: Promise<void> }).ready;
  });

  it('a Sweep… lens sits on each param line and carries the param and a starting range', async () => {
    let lenses: vscode.CodeLens[] = [];
    for (let i = 0; i < 100; i++) {
      lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100)) ?? [];
      if (lenses.some((l) => l.command?.command === 'mmlab.sweep')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const sweeps = lenses.filter((l) => l.command?.command === 'mmlab.sweep');
    const paramLines = doc.getText().split('\n').map((l, i) => (l.startsWith('param ') ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(sweeps.map((l) => l.range.start.line).sort(), paramLines);
    assert.deepEqual(sweeps[0].command!.arguments!.slice(1), ['media_size', '512M..2G']);
  });

  it('mmlab.sweep runs the sweep under every compared design and opens the plot', async () => {
    const designs = vscode.workspace.getConfiguration('mmlab', doc.uri).get<string[]>('compareDesigns') ?? [];
    const data = await vscode.commands.executeCommand<SweepData | undefined>('mmlab.sweep', doc.uri.toString(), 'media_size', '', '1G..3G:256M');
    assert.ok(data, 'the sweep returned its data');
    assert.equal(data.values.length, 9);
    assert.deepEqual(data.designs, designs.filter((d) => data.designs.includes(d)));
    assert.ok(data.designs.length >= 6, data.designs.join(','));
    assert.ok(data.charts.every((c) => c.series.length === data.designs.length));
    const t = data.thresholds.find((x) => x.text === 'expect diagnostic cram-media-overflow');
    assert.ok(t, JSON.stringify(data.thresholds));
    assert.equal(data.values[t.index - 1], '1280M');
    // the tab model reaches the extension host a moment after the panel is created
    const sweepTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((x) => x.input instanceof vscode.TabInputWebview && x.input.viewType.endsWith('mmlab.sweep'));
    for (let i = 0; i < 100 && !sweepTabs().length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(sweepTabs().length, 1, 'one sweep panel');
  });
});
