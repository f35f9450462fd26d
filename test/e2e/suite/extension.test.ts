/**
 * The packaged extension in a real VS Code extension host: activation, the
 * language server's diagnostics, hovers and lenses through the editor's own
 * providers, the commands, the webview panels, settings and export.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CompareData, RunData } from '../../../server/src/lsp/protocol';
import { waitFor } from './helpers';

const EXTENSION_ID = 'mmlab.mmlab';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
}

function lineOf(doc: vscode.TextDocument, needle: string): number {
  const i = doc.getText().split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `line with ${needle}`);
  return i;
}

describe('mmlab extension in a real VS Code', () => {
  let demo: vscode.TextDocument;

  before(async () => {
    demo = await vscode.workspace.openTextDocument(workspaceFile('demo.mmlab'));
    await vscode.window.showTextDocument(demo);
  });

  it('activates on an .mmlab file and starts the language server', async () => {
    assert.equal(demo.languageId, 'mmlab');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    await waitFor('activation', () => ext.isActive);
    const api = ext.exports as { timings: { activateMs: number; clientReadyMs?: number; parts: Record<string, number> }; ready: Promise<void> };
    await api.ready;
    assert.ok(api.timings.activateMs > 0 && api.timings.clientReadyMs! >= api.timings.activateMs, JSON.stringify(api.timings));
    (globalThis as { __mmlabTimings?: unknown }).__mmlabTimings = { ...api.timings };
    console.log(`activation: activate() ${api.timings.activateMs.toFixed(1)} ms (${JSON.stringify(api.timings.parts)}), language server ready ${api.timings.clientReadyMs!.toFixed(1)} ms`);
  });

  it('publishes diagnostics for a broken scenario (unknown flag, failed expect)', async () => {
    const broken = await vscode.workspace.openTextDocument(workspaceFile('broken.mmlab'));
    await vscode.window.showTextDocument(broken, { preview: false });
    const diags = await waitFor('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(broken.uri);
      return d.some((x) => codeOf(x) === 'expect-failed') ? d : undefined;
    });
    const codes = diags.map(codeOf);
    assert.ok(codes.includes('unknown-flag'), codes.join(', '));
    const unknown = diags.find((d) => codeOf(d) === 'unknown-flag')!;
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(unknown.range.start.line, lineOf(broken, 'GFP_BOGUS'));
    const failed = diags.find((d) => codeOf(d) === 'expect-failed')!;
    assert.equal(failed.range.start.line, lineOf(broken, 'expect pages(buf, 0) == 50%'));
    await vscode.window.showTextDocument(demo);
  });

  it('gives no error on the demo scenario and hovers a flag', async () => {
    await waitFor('demo diagnostics settled', async () => {
      const runs = await vscode.commands.executeCommand<RunData>('mmlab.run', demo.uri.toString());
      return runs?.version === demo.version ? runs : undefined;
    });
    const errors = vscode.languages.getDiagnostics(demo.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
    const line = lineOf(demo, 'GFP_PRIVATE');
    const col = demo.lineAt(line).text.indexOf('GFP_PRIVATE') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', demo.uri, new vscode.Position(line, col));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /__GFP_PRIVATE/);
  });

  it('offers Run / Compare designs / Show memory map lenses and ✓ on expects', async () => {
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', demo.uri, 100);
      return l?.some((x) => x.command?.command === 'mmlab.showMemoryMap') && l.some((x) => /✓|✗/.test(x.command?.title ?? '')) ? l : undefined;
    });
    const commands = lenses.map((l) => l.command?.command);
    for (const c of ['mmlab.run', 'mmlab.compare', 'mmlab.showMemoryMap']) assert.ok(commands.includes(c), `${c} in ${commands.join(', ')}`);
    const map = lenses.find((l) => l.command?.command === 'mmlab.showMemoryMap')!;
    assert.deepEqual(map.command!.arguments, [demo.uri.toString()]);
    const expects = lenses.filter((l) => /✓|✗/.test(l.command?.title ?? ''));
    assert.ok(expects.length >= 4, expects.map((e) => e.command?.title).join(' | '));
    assert.ok(expects.every((e) => e.command!.title.includes('✓')), expects.map((e) => e.command?.title).join(' | '));
  });

  it('runs the scenario (mmlab.run) and reports placements', async () => {
    const run = await vscode.commands.executeCommand<RunData>('mmlab.run', demo.uri.toString());
    assert.ok(run, 'mmlab.run returned the run');
    assert.equal(run.design, 'private_v4');
    assert.equal(run.verdict, 'pass');
    const node2 = run.nodes.find((n) => n.id === 2)!;
    assert.equal(node2.state, 'private');
    const buf = run.mappings.find((m) => m.name === 'buf')!;
    assert.equal(buf.pages['2'], (64 * 1024 * 1024) / 4096);
    assert.ok(run.steps.length >= 5);
  });

  it('opens the memory map panel from the lens command', async () => {
    const run = await vscode.commands.executeCommand<RunData>('mmlab.showMemoryMap', demo.uri.toString());
    assert.ok(run && run.nodes.length === 2, 'the panel received the run');
    const tab = await waitFor('memory map tab', () => webviewTabs('mmlab.memoryMap')[0]);
    assert.match(tab.label, /^Memory map: demo\.mmlab/);
  });

  it('opens the design comparison with a column per design', async () => {
    const data = await vscode.commands.executeCommand<CompareData>('mmlab.compare', demo.uri.toString());
    assert.ok(data, 'compare returned data');
    // the columns are the `mmlab.compareDesigns` setting (by default every built-in design, post-v4 variants included)
    const configured = vscode.workspace.getConfiguration('mmlab', demo.uri).get<string[]>('compareDesigns');
    assert.deepEqual(data.designs, configured);
    for (const d of ['stock', 'private_v4', 'private_soft', 'private_nofallback', 'spm_v2', 'zone_device', 'private_latest']) assert.ok(data.designs.includes(d), d);
    assert.ok(data.rows.some((r) => r.kind === 'expect') && data.rows.some((r) => r.kind === 'statement'));
    assert.ok(data.rows.some((r) => r.differs), 'the designs differ somewhere on this scenario');
    await waitFor('compare tab', () => webviewTabs('mmlab.compare')[0]);
  });

  it('re-runs live after an edit (new version, new result)', async () => {
    await vscode.window.showTextDocument(demo);
    const line = lineOf(demo, 'expect no leak');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(demo.uri, new vscode.Position(line + 1, 0), '  expect pages(buf, 0) == 100%\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diags = await waitFor('expect-failed after the edit', () => {
      const d = vscode.languages.getDiagnostics(demo.uri).filter((x) => codeOf(x) === 'expect-failed');
      return d.length ? d : undefined;
    });
    assert.equal(diags[0].range.start.line, line + 1);
    const run = await vscode.commands.executeCommand<RunData>('mmlab.run', demo.uri.toString());
    assert.equal(run.verdict, 'fail');
    assert.equal(run.version, demo.version);
    const revert = new vscode.WorkspaceEdit();
    revert.delete(demo.uri, new vscode.Range(line + 1, 0, line + 2, 0));
    assert.ok(await vscode.workspace.applyEdit(revert));
    await waitFor('expect-failed gone after the revert', () => vscode.languages.getDiagnostics(demo.uri).every((x) => codeOf(x) !== 'expect-failed') || undefined);
  });

  it('switches the design for the workspace (mmlab.switchDesign)', async () => {
    const picked = await vscode.commands.executeCommand<string>('mmlab.switchDesign', 'stock');
    assert.equal(picked, 'stock');
    assert.equal(vscode.workspace.getConfiguration('mmlab').inspect('design')?.workspaceValue, 'stock');
    const broken = workspaceFile('broken.mmlab');
    // The server learns the new setting through didChangeConfiguration: ask until it has.
    const run = await waitFor('a run under stock', async () => {
      const r = await vscode.commands.executeCommand<RunData>('mmlab.run', broken.toString());
      return r?.design === 'stock' ? r : undefined;
    });
    assert.equal(run.design, 'stock', 'a file without a design line follows the setting');
    const demoRun = await vscode.commands.executeCommand<RunData>('mmlab.run', demo.uri.toString());
    assert.equal(demoRun.design, 'private_v4', "the file's own design line wins");
    await vscode.workspace.getConfiguration('mmlab').update('design', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('exports the memory map as self-contained HTML and a markdown report', async () => {
    const dir = path.join(path.dirname(workspaceFile('demo.mmlab').fsPath), 'exports');
    fs.mkdirSync(dir, { recursive: true });
    const html = vscode.Uri.file(path.join(dir, 'demo.html'));
    const md = vscode.Uri.file(path.join(dir, 'demo.md'));
    assert.equal(await vscode.commands.executeCommand('mmlab.exportReport', demo.uri.toString(), html.toString()), html.toString());
    const page = fs.readFileSync(html.fsPath, 'utf8');
    assert.match(page, /^<!DOCTYPE html>/);
    assert.ok(!/<script/i.test(page), 'no script in the standalone page');
    assert.match(page, /a driver and a task share a private CXL node/);
    await vscode.commands.executeCommand('mmlab.exportReport', demo.uri.toString(), md.toString());
    const report = fs.readFileSync(md.fsPath, 'utf8');
    assert.match(report, /^# a driver and a task share a private CXL node/);
    assert.match(report, /## Design comparison/);
  });
});

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}
