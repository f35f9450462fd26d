/**
 * The What if… and Shrink commands (lenses beside each expectation): ask the server
 * (mmlab/whatIf) under a progress notification with Cancel, then open the answer beside the
 * scenario: the ranked changes as text, or the shrunk scenario as a new mmlab document.
 */
import * as vscode from 'vscode';
import type { WhatIfResult } from '../../server/src/clientApi';
import type { MmlabServer } from './serverClient';

function toLine(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : undefined;
}

async function runWhatIf(server: MmlabServer, action: 'explore' | 'shrink', uriArg?: unknown, lineArg?: unknown): Promise<WhatIfResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg instanceof vscode.Uri ? uriArg : editor?.document.uri;
  const line = toLine(lineArg) ?? editor?.selection.active.line;
  if (!uri || line === undefined) {
    void vscode.window.showWarningMessage('mmlab: put the cursor on a statement or expectation of a .mmlab scenario.');
    return undefined;
  }
  await vscode.workspace.openTextDocument(uri);
  const title = action === 'explore' ? `mmlab: what if… (line ${line + 1})` : `mmlab: shrinking to a minimal scenario (line ${line + 1})`;
  try {
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
      server.whatIf({ uri: uri.toString(), line, action }, token),
    );
    const doc = await vscode.workspace.openTextDocument({ content: r.text, language: action === 'shrink' ? 'mmlab' : 'plaintext' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    void vscode.window.showInformationMessage(`mmlab: ${r.summary}`);
    return r;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (!/cancel/i.test(msg)) void vscode.window.showErrorMessage(`mmlab: ${action} failed: ${msg}`);
    return undefined;
  }
}

export function registerWhatIfCommands(server: MmlabServer): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mmlab.whatIf', (uri?: unknown, line?: unknown) => runWhatIf(server, 'explore', uri, line)),
    vscode.commands.registerCommand('mmlab.shrink', (uri?: unknown, line?: unknown) => runWhatIf(server, 'shrink', uri, line)),
  ];
}
