/** Completion, signature help, formatting, quick fixes. */
import { CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, MessageType, ShowMessageNotification, TextEdit } from 'vscode-languageserver/node';
import { codeActions } from '../../analysis/codeActions';
import { completionsAt, CompletionEntry } from '../../analysis/completion';
import { formatDocumentEdits } from '../../analysis/formatting';
import { signatureAt } from '../../analysis/signatureHelp';
import { LineIndex } from '../../common/span';
import { COMPLETION_KIND, toLspDiagnostic, toRange, toSpan } from '../convert';
import { Session } from '../session';

export function registerEditing(s: Session): void {
  const c = s.connection;
  c.onCompletion((p) =>
    s.guard.run('completion', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return [];
      const idx = ctx.stat.lineIndex;
      return completionsAt(ctx, idx.offsetAt(p.position)).map((e) => completionItem(idx, e, s.caps.suggestCommand));
    }, []),
  );

  c.onSignatureHelp((p) =>
    s.guard.run('signatureHelp', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return null;
      const sig = signatureAt(ctx, ctx.stat.lineIndex.offsetAt(p.position));
      if (!sig) return null;
      return {
        signatures: [
          {
            label: sig.label,
            documentation: { kind: MarkupKind.Markdown, value: sig.documentation },
            parameters: sig.parameters.map((q) => ({ label: q.label, documentation: q.documentation })),
          },
        ],
        activeSignature: 0,
        activeParameter: sig.activeParameter,
      };
    }, null),
  );

  c.onDocumentFormatting((p) =>
    s.guard.run('formatting', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return [];
      const idx = ctx.stat.lineIndex;
      const { edits, refused } = formatDocumentEdits(ctx, { tabSize: p.options.tabSize, insertSpaces: p.options.insertSpaces });
      // a refusal (the result would be far larger than the document) is said, not logged as a
      // failure; a notification, not window.showWarningMessage (a request the client must answer)
      if (refused) void c.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: refused });
      return edits.map((e) => TextEdit.replace(toRange(idx, e.span), e.newText));
    }, []),
  );

  c.onCodeAction((p) =>
    s.guard.run('codeAction', () => {
      const st = s.docs.get(p.textDocument.uri);
      const ctx = s.contextNow(p.textDocument.uri);
      if (!st || !ctx) return [];
      const idx = ctx.stat.lineIndex;
      const range = toSpan(idx, p.range);
      const out: CodeAction[] = [];
      for (const a of codeActions(ctx, range)) {
        const action: CodeAction = {
          title: a.title,
          kind: CodeActionKind.QuickFix,
          edit: { changes: { [p.textDocument.uri]: a.edits.map((e) => TextEdit.replace(toRange(idx, e.span), e.newText)) } },
        };
        if (a.diagnostic) action.diagnostics = [toLspDiagnostic(idx, p.textDocument.uri, a.diagnostic)];
        if (a.preferred) action.isPreferred = true;
        out.push(action);
      }
      return out;
    }, []),
  );
}

function completionItem(idx: LineIndex, e: CompletionEntry, suggestCommand: boolean): CompletionItem {
  const item: CompletionItem = { label: e.label, kind: COMPLETION_KIND[e.kind] ?? CompletionItemKind.Text };
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
  if (e.sortText) item.sortText = e.sortText;
  // `task.` inserted: VS Code opens the list again for the variable (its own command, so only for VS Code)
  if (e.retrigger && suggestCommand) item.command = { title: 'complete the variable', command: 'editor.action.triggerSuggest' };
  if (e.insertText !== undefined || e.replace) {
    const text = e.insertText ?? e.label;
    if (e.replace) item.textEdit = TextEdit.replace(toRange(idx, e.replace), text);
    else item.insertText = text;
    if (e.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  }
  return item;
}
