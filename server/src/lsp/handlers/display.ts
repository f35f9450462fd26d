/** What the editor draws: hovers, semantic tokens, folding, inlay hints, code lenses. */
import { CodeLens, FoldingRange, InlayHint, MarkupKind, SemanticTokens } from 'vscode-languageserver/node';
import { foldingRanges } from '../../analysis/folding';
import { hoverAt } from '../../analysis/hover';
import { inlayHints } from '../../analysis/inlayHints';
import { lensSites, lensTitle, LensKind } from '../../analysis/lenses';
import { semanticTokens } from '../../analysis/semanticTokens';
import { verdictOf } from '../../analysis/timeline';
import { resolveDesign } from '../../model/ir';
import { encodeTokens, toRange, toSpan } from '../convert';
import { FinishedRun } from '../documents';
import { Session } from '../session';

interface LensData {
  uri: string;
  version: number;
  kind: LensKind;
  start: number;
}

export function registerDisplay(s: Session): void {
  const c = s.connection;
  c.onHover(async (p) =>
    s.guard.runAsync('hover', null, async () => {
      const ctx = await s.context(p.textDocument.uri, true);
      if (!ctx) return null;
      const idx = ctx.stat.lineIndex;
      const h = hoverAt(ctx, idx.offsetAt(p.position));
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(idx, h.span) } : null;
    }),
  );

  c.onFoldingRanges((p) =>
    s.guard.run('foldingRange', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return [];
      const idx = ctx.stat.lineIndex;
      const out: FoldingRange[] = [];
      for (const f of foldingRanges(ctx)) {
        const a = idx.positionAt(f.span.start).line;
        const b = idx.positionAt(f.span.end).line;
        if (b > a) out.push({ startLine: a, endLine: b, ...(f.kind ? { kind: f.kind } : {}) });
      }
      return out;
    }, []),
  );

  c.languages.semanticTokens.on((p) =>
    s.guard.run('semanticTokens', () => {
      const ctx = s.contextNow(p.textDocument.uri);
      if (!ctx) return { data: [] };
      return encodeTokens(ctx.stat.lineIndex, semanticTokens(ctx));
    }, { data: [] } as SemanticTokens),
  );

  c.languages.inlayHint.on(async (p) =>
    s.guard.runAsync('inlayHint', [], async () => {
      if (!s.settings().inlayHints.enabled) return [];
      const ctx = await s.context(p.textDocument.uri, true);
      if (!ctx?.run) return [];
      const idx = ctx.stat.lineIndex;
      return inlayHints(ctx.stat.parse.file, ctx.run, toSpan(idx, p.range)).map(
        (h): InlayHint => ({ position: idx.positionAt(h.offset), label: ` ${h.label}`, paddingLeft: true, ...(h.tooltip ? { tooltip: h.tooltip } : {}) }),
      );
    }),
  );

  c.onCodeLens((p) =>
    s.guard.run('codeLens', () => {
      const st = s.docs.get(p.textDocument.uri);
      if (!st?.stat) return [];
      const idx = st.stat.lineIndex;
      return lensSites(st.stat.parse.file, s.settings().lenses).map(
        (site): CodeLens => ({ range: toRange(idx, site.span), data: { uri: st.uri, version: st.doc.version, kind: site.kind, start: site.span.start } satisfies LensData }),
      );
    }, []),
  );

  c.onCodeLensResolve(async (lens: CodeLens) => s.guard.runAsync('codeLensResolve', lens, async () => resolveLens(s, lens)));
}

async function resolveLens(s: Session, lens: CodeLens): Promise<CodeLens> {
  const data = lens.data as LensData | undefined;
  if (!data) return lens;
  const st = s.docs.get(data.uri);
  if (!st) return { ...lens, command: { title: '…', command: '' } };
  let run: FinishedRun | undefined = st.run?.version === data.version ? st.run : undefined;
  if (!run && st.doc.version === data.version) run = await s.runs.waitForRun(data.uri);
  const design = resolveDesign(run?.design, st.stat?.program, s.settings().design);
  const title = lensTitle({ kind: data.kind, span: { start: data.start, end: data.start } }, { design, run: run?.result, verdict: run ? verdictOf(run.result, run.all) : undefined });
  const command = data.kind === 'run' ? 'mmlab.run' : data.kind === 'compare' ? 'mmlab.compare' : data.kind === 'map' ? 'mmlab.showMemoryMap' : '';
  return { ...lens, command: { title, command, ...(command ? { arguments: [data.uri] } : {}) } };
}
