/** What the editor draws: hovers, semantic tokens, folding, inlay hints, code lenses. */
import { suggestRange } from '../../analysis/whatif/plot';
import { CodeLens, FoldingRange, InlayHint, MarkupKind, SemanticTokens } from 'vscode-languageserver/node';
import { foldingRanges } from '../../analysis/folding';
import { hoverAt } from '../../analysis/hover';
import { inlayHints } from '../../analysis/inlayHints';
import { lensSites, lensTitle, LensKind } from '../../analysis/lenses';
import { semanticTokens } from '../../analysis/semanticTokens';
import { verdictOf } from '../../analysis/timeline';
import { resolveDesign } from '../../model/ir';
import { encodeTokens, toRange } from '../convert';
import { FinishedRun } from '../documents';
import { runView } from '../runView';
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
      const view = await runView(s, p.textDocument.uri, [p.position]);
      if (!view) return null;
      const offset = view.offsets[0];
      const h = offset === undefined ? undefined : hoverAt(view.ctx, offset);
      const range = h && view.range(h.span);
      return h && range ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range } : null;
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
      const view = await runView(s, p.textDocument.uri, [p.range.start, p.range.end]);
      const ctx = view?.ctx;
      if (!view || !ctx?.run) return [];
      const a = view.offsets[0] ?? 0;
      const b = view.offsets[1] ?? ctx.stat.text.length;
      const out: InlayHint[] = [];
      for (const h of inlayHints(ctx.stat.parse.file, ctx.run, { start: a, end: Math.max(a, b) })) {
        const at = view.range({ start: h.offset, end: h.offset });
        if (at) out.push({ position: at.start, label: ` ${h.label}`, paddingLeft: true, ...(h.tooltip ? { tooltip: h.tooltip } : {}) });
      }
      return out;
    }),
  );

  c.onCodeLens((p) =>
    s.guard.run('codeLens', () => {
      const st = s.docs.get(p.textDocument.uri);
      const stat = st && s.docs.ensure(st);
      if (!st || !stat) return [];
      const idx = stat.lineIndex;
      return lensSites(stat.parse.file, s.settings().lenses).map(
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
  const design = resolveDesign(run?.design, s.docs.ensure(st)?.program, s.settings().design);
  const title = lensTitle({ kind: data.kind, span: { start: data.start, end: data.start } }, { design, run: run?.result, verdict: run ? verdictOf(run.result, run.all) : undefined });
  if (data.kind === 'sweep') {
    // the param's name and a starting range travel with the lens: the command asks for the values
    const stat = s.docs.ensure(st);
    const item = stat?.parse.file.items.find((i) => i.kind === 'Param' && i.span.start === data.start);
    if (!stat || !item || item.kind !== 'Param' || item.name.kind !== 'Ident') return { ...lens, command: { title, command: '' } };
    const value = stat.text.slice(item.value.span.start, item.value.span.end);
    return { ...lens, command: { title, command: 'mmlab.sweep', arguments: [data.uri, item.name.name, suggestRange(value)] } };
  }
  if (data.kind === 'whatif' || data.kind === 'shrink') {
    // the line travels with the lens: the command asks the server about that line (mmlab/whatIf)
    return { ...lens, command: { title, command: data.kind === 'whatif' ? 'mmlab.whatIf' : 'mmlab.shrink', arguments: [data.uri, lens.range.start.line] } };
  }
  const command = data.kind === 'run' ? 'mmlab.run' : data.kind === 'compare' ? 'mmlab.compare' : data.kind === 'map' ? 'mmlab.showMemoryMap' : '';
  return { ...lens, command: { title, command, ...(command ? { arguments: [data.uri] } : {}) } };
}
