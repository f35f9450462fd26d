/**
 * Span <-> LSP conversions. Everything below the adapter speaks UTF-16 offsets
 * (common/span.ts); LSP speaks 0-based line/character in UTF-16 too, so a
 * LineIndex of the exact text the spans were computed on is all that is needed.
 */
import {
  Diagnostic as LspDiagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  DiagnosticRelatedInformation,
  Range,
} from 'vscode-languageserver/node';
import { Diagnostic, docsUrl, Severity } from '../common/diagnostics';
import { LineIndex, Span } from '../common/span';

export function toRange(index: LineIndex, s: Span): Range {
  return { start: index.positionAt(s.start), end: index.positionAt(s.end) };
}

export function toSpan(index: LineIndex, r: Range): Span {
  return { start: index.offsetAt(r.start), end: index.offsetAt(r.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s] ?? DiagnosticSeverity.Error;
}

/**
 * Tags: `task-dead` marks statements that never run (Unnecessary renders them
 * faded, which is what a skipped statement is). Nothing in the vocabulary is
 * deprecated yet; a diagnostic may ask for a tag through data.tags.
 */
function tagsFor(d: Diagnostic): DiagnosticTag[] | undefined {
  const tags: DiagnosticTag[] = [];
  if (d.code === 'task-dead') tags.push(DiagnosticTag.Unnecessary);
  const extra = d.data?.tags;
  if (Array.isArray(extra)) {
    if (extra.includes('unnecessary') && !tags.includes(DiagnosticTag.Unnecessary)) tags.push(DiagnosticTag.Unnecessary);
    if (extra.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  }
  return tags.length ? tags : undefined;
}

export function toLspDiagnostic(index: LineIndex, uri: string, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(index, d.span),
    severity: toSeverity(d.severity),
    code: d.code,
    codeDescription: { href: docsUrl(d.code) },
    source: 'mmlab',
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri, range: toRange(index, r.span) }, message: r.message }),
    );
  }
  const tags = tagsFor(d);
  if (tags) out.tags = tags;
  if (d.data) out.data = d.data;
  return out;
}
