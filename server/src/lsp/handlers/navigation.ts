/** Go to definition, references, highlights, rename, the outline. */
import { DocumentHighlight, DocumentHighlightKind, DocumentSymbol, ErrorCodes, Location, PrepareRenameParams, ResponseError, TextEdit } from 'vscode-languageserver/node';
import { definitionAt } from '../../analysis/definition';
import { highlightsAt, referencesAt } from '../../analysis/references';
import { prepareRename, renameEdits } from '../../analysis/rename';
import { documentSymbols, OutlineSymbol } from '../../analysis/symbols';
import { OUTLINE_KIND, toRange } from '../convert';
import { Session } from '../session';

export function registerNavigation(s: Session): void {
  const c = s.connection;
  c.onDefinition((p) =>
    s.guard.run('definition', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return null;
      const span = definitionAt(ctx, ctx.stat.lineIndex.offsetAt(p.position));
      return span ? Location.create(p.textDocument.uri, toRange(ctx.stat.lineIndex, span)) : null;
    }, null),
  );

  c.onReferences((p) =>
    s.guard.run('references', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return [];
      const idx = ctx.stat.lineIndex;
      return referencesAt(ctx, idx.offsetAt(p.position), p.context.includeDeclaration).map((x) => Location.create(p.textDocument.uri, toRange(idx, x)));
    }, []),
  );

  c.onDocumentHighlight((p) =>
    s.guard.run('documentHighlight', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return [];
      const idx = ctx.stat.lineIndex;
      return highlightsAt(ctx, idx.offsetAt(p.position)).map((h) =>
        DocumentHighlight.create(toRange(idx, h.span), h.isDecl ? DocumentHighlightKind.Write : DocumentHighlightKind.Read),
      );
    }, []),
  );

  c.onPrepareRename((p: PrepareRenameParams) =>
    s.guard.run('prepareRename', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return null;
      const r = prepareRename(ctx, ctx.stat.lineIndex.offsetAt(p.position));
      if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
      return { range: toRange(ctx.stat.lineIndex, r.span), placeholder: r.placeholder };
    }, null, true),
  );

  c.onRenameRequest((p) =>
    s.guard.run('rename', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return null;
      const idx = ctx.stat.lineIndex;
      const r = renameEdits(ctx, idx.offsetAt(p.position), p.newName);
      if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
      return { changes: { [p.textDocument.uri]: r.edits.map((e) => TextEdit.replace(toRange(idx, e.span), e.newText)) } };
    }, null, true),
  );

  c.onDocumentSymbol((p) =>
    s.guard.run('documentSymbol', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return [];
      const idx = ctx.stat.lineIndex;
      const conv = (x: OutlineSymbol): DocumentSymbol => ({
        name: x.name,
        detail: x.detail,
        kind: OUTLINE_KIND[x.kind],
        range: toRange(idx, x.span),
        selectionRange: toRange(idx, x.selection),
        children: x.children?.map(conv),
      });
      return documentSymbols(ctx).map(conv);
    }, []),
  );
}
