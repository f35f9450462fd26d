/**
 * Designs declared by the user, in a real VS Code: a scenario declaring `design mine extends
 * private_v4 { … }` beside its folder's designs.mmlab (own-design/). The comparison view shows
 * both as columns, the memory map runs under them and lists them, the status-bar switcher's
 * setting may name one, and typing in designs.mmlab re-analyses the open scenario.
 * (The switcher's quick pick itself is looked at in the browser: scripts/e2e/run.mjs.)
 */
import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import type { CompareData, RunData } from '../../../server/src/lsp/protocol';
import { waitFor } from './helpers';

function file(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** the machine may be loaded: wait longer than the other suites */
const WAIT_MS = 30_000;

const unknownDesign = (uri: vscode.Uri, name: string) => vscode.languages.getDiagnostics(uri).filter((d) => d.message.includes(`unknown design \`${name}\``));

describe('user designs in a real VS Code (own-design/)', () => {
  let mine: vscode.TextDocument;

  before(async () => {
    mine = await vscode.workspace.openTextDocument(file('own-design/mine.mmlab'));
    await vscode.window.showTextDocument(mine);
    const ext = vscode.extensions.getExtension('mmlab.mmlab');
    await waitFor('activation', () => ext?.isActive, WAIT_MS);
    await (ext!.exports as { ready: Promise<void> }).ready;
  });

  it('the scenario sees its folder\'s designs.mmlab and its own design: no unknown-design diagnostic, every expectation holds', async () => {
    const run = await waitFor('a passing run', async () => {
      const r = await vscode.commands.executeCommand<RunData>('mmlab.run', mine.uri.toString());
      return r?.verdict === 'pass' ? r : undefined;
    }, WAIT_MS);
    assert.equal(run.design, 'private_v4');
    assert.deepEqual(unknownDesign(mine.uri, 'lists_only'), []);
    assert.deepEqual(run.designs?.filter((d) => d.origin !== 'prelude').map((d) => [d.name, d.origin]), [['lists_only', 'workspace'], ['mine', 'file']]);
  });

  it('the comparison view shows `mine` (and the workspace\'s lists_only) as columns', async () => {
    const data = await vscode.commands.executeCommand<CompareData>('mmlab.compare', mine.uri.toString());
    assert.ok(data, 'the panel received the comparison');
    const configured = vscode.workspace.getConfiguration('mmlab', mine.uri).get<string[]>('compareDesigns') ?? [];
    assert.deepEqual(data.designs, [...configured, 'lists_only', 'mine']);
    const expectMine = data.rows.find((r) => r.text === 'expect error ENOMEM under mine');
    assert.equal(expectMine?.cells.mine?.outcome, 'pass');
    const alloc = data.rows.find((r) => r.text.startsWith('p = alloc_pages_node'))!;
    assert.equal(alloc.cells.mine?.text, 'ENOMEM');
    assert.match(alloc.cells.lists_only?.text ?? '', /N2 ×16/, 'no gate: the forgotten flag lands on node 2');
    const tab = await waitFor('compare tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mmlab.compare') && t.label.includes('mine.mmlab')),
      WAIT_MS,
    );
    assert.ok(tab);
  });

  it('the memory map runs under a declared design', async () => {
    const run = await vscode.commands.executeCommand<RunData>('mmlab.showMemoryMap', mine.uri.toString(), 'mine');
    assert.equal(run?.design, 'mine');
    assert.equal(run?.verdict, 'pass');
  });

  it('the switcher\'s setting may name a workspace design: a scenario of that folder without a design line runs under it', async () => {
    assert.equal(await vscode.commands.executeCommand<string>('mmlab.switchDesign', 'lists_only'), 'lists_only');
    const run = await waitFor('a run under lists_only', async () => {
      const r = await vscode.commands.executeCommand<RunData>('mmlab.run', mine.uri.toString());
      return r?.design === 'lists_only' ? r : undefined;
    }, WAIT_MS);
    // the leak under lists_only is an error diagnostic; the expectations all hold
    assert.equal(run.counts.expectFailed, 0);
    assert.ok(run.counts.expectPassed > 0);
    // demo.mmlab (outside own-design/) has its own design line; broken.mmlab has none and does not see lists_only
    const broken = await vscode.commands.executeCommand<RunData>('mmlab.run', file('broken.mmlab').toString());
    assert.equal(broken.design, 'private_v4');
    await vscode.workspace.getConfiguration('mmlab').update('design', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('typing in designs.mmlab re-analyses the open scenario', async () => {
    const designs = await vscode.workspace.openTextDocument(file('own-design/designs.mmlab'));
    await vscode.window.showTextDocument(designs, { preview: false, preserveFocus: false });
    const at = designs.getText().indexOf('design lists_only') + 'design '.length;
    const rename = new vscode.WorkspaceEdit();
    rename.replace(designs.uri, new vscode.Range(designs.positionAt(at), designs.positionAt(at + 'lists_only'.length)), 'renamed');
    assert.ok(await vscode.workspace.applyEdit(rename));
    await waitFor('unknown design lists_only in mine.mmlab', () => unknownDesign(mine.uri, 'lists_only').length > 0 || undefined, WAIT_MS);
    // type the name back (not a revert: that acts on whichever editor is active)
    const back = new vscode.WorkspaceEdit();
    back.replace(designs.uri, new vscode.Range(designs.positionAt(at), designs.positionAt(at + 'renamed'.length)), 'lists_only');
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.ok(await designs.save());
    await waitFor('lists_only known again', () => unknownDesign(mine.uri, 'lists_only').length === 0 || undefined, WAIT_MS);
  });
});
