/** Takes the editor to what a webview click points at (an LSP range or a UTF-16 offset span); opens a restored panel's document. */
import * as vscode from 'vscode';
import type { RevealTarget } from '../../server/src/clientApi';

export async function revealInEditor(uri: vscode.Uri, target: RevealTarget): Promise<vscode.TextEditor | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  let range: vscode.Range | undefined;
  if (target.range) {
    const r = target.range;
    range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  } else if (target.span) {
    range = new vscode.Range(doc.positionAt(target.span.start), doc.positionAt(target.span.end));
  }
  if (!range) return undefined;
  range = doc.validateRange(range);
  const existing = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: existing?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false, selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/**
 * A panel restored after a window reload asks the server about its scenario, which the server
 * knows only while the document is open: the editors restored with the window may not include
 * it. Opening the document (no editor) makes the client send it; a missing file is left to the
 * panel's own error.
 */
export async function openForServer(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.openTextDocument(uri).then(
    () => undefined,
    () => undefined,
  );
}
