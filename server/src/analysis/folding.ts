/** Folding: blocks and loop bodies, multi-line declarations, block comments and runs of line comments. */
import { Span } from '../common/span';
import { FeatureContext } from './context';
import { walkNodes } from './tree';

export interface FoldData {
  span: Span;
  kind?: 'comment' | 'region';
}

export function foldingRanges(ctx: FeatureContext): FoldData[] {
  const out: FoldData[] = [];
  walkNodes(ctx.stat.parse.file, (n) => {
    if (n.kind === 'Block') {
      const b = n as unknown as { span: Span; close?: Span };
      // fold up to the line before the closing brace so `}` stays visible
      out.push({ span: { start: b.span.start, end: Math.max(b.span.start, (b.close?.start ?? b.span.end) - 1) } });
    } else if (n.kind === 'NodeDecl' || n.kind === 'Expect' || n.kind === 'CallStmt') {
      out.push({ span: n.span });
    }
  });
  const text = ctx.stat.text;
  let run: Span | undefined;
  let lastLine = -2;
  for (const t of ctx.stat.parse.tokens) {
    if (t.kind === 'blockComment') out.push({ span: t.span, kind: 'comment' });
    if (t.kind !== 'lineComment') continue;
    const line = ctx.stat.lineIndex.positionAt(t.span.start).line;
    const own = text.slice(ctx.stat.lineIndex.lineStart(line), t.span.start).trim() === '';
    if (!own) continue;
    if (run && line === lastLine + 1) run.end = t.span.end;
    else {
      if (run) out.push({ span: run, kind: 'comment' });
      run = { ...t.span };
    }
    lastLine = line;
  }
  if (run) out.push({ span: run, kind: 'comment' });
  return out;
}
