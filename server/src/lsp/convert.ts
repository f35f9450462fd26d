/**
 * Span <-> LSP conversions. Everything below the adapter speaks UTF-16 offsets
 * (common/span.ts); LSP speaks 0-based line/character in UTF-16 too, so a
 * LineIndex of the exact text the spans were computed on is all that is needed.
 */
import {
  CompletionItemKind,
  Diagnostic as LspDiagnostic,
  SemanticTokens,
  SymbolKind,
  DiagnosticSeverity,
  DiagnosticTag,
  DiagnosticRelatedInformation,
  Range,
} from 'vscode-languageserver/node';
import { Diagnostic, Severity } from '../common/diagnostics';
import { docsUrl } from './docsLocation';
import { LineIndex, Span } from '../common/span';
import { CompletionEntry } from '../analysis/completion';
import { OutlineSymbol } from '../analysis/symbols';

/** Offset <-> position over one exact text: a LineIndex, or the editor's TextDocument (which keeps its line offsets across edits). */
export type Positions = Pick<LineIndex, 'positionAt' | 'offsetAt'>;

export function toRange(index: Positions, s: Span): Range {
  return { start: index.positionAt(s.start), end: index.positionAt(s.end) };
}

export function toSpan(index: Positions, r: Range): Span {
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

export function toLspDiagnostic(index: Positions, uri: string, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(index, d.span),
    severity: toSeverity(d.severity),
    code: d.code,
    source: 'mmlab',
    message: d.message,
  };
  const href = docsUrl(d.code);
  if (href) out.codeDescription = { href };
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

export const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  call: CompletionItemKind.Function,
  flag: CompletionItemKind.EnumMember,
  node: CompletionItemKind.Value,
  variable: CompletionItemKind.Variable,
  task: CompletionItemKind.Class,
  cgroup: CompletionItemKind.Module,
  design: CompletionItemKind.Enum,
  errno: CompletionItemKind.Constant,
  code: CompletionItemKind.Reference,
  stat: CompletionItemKind.Property,
  sysctl: CompletionItemKind.Property,
  callback: CompletionItemKind.Method,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
};

export const OUTLINE_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  scenario: SymbolKind.File,
  design: SymbolKind.Enum,
  node: SymbolKind.Namespace,
  distance: SymbolKind.Property,
  swap: SymbolKind.Property,
  cgroup: SymbolKind.Module,
  sysctl: SymbolKind.Property,
  param: SymbolKind.Constant,
  task: SymbolKind.Class,
  kernel: SymbolKind.Module,
  device: SymbolKind.Interface,
  mapping: SymbolKind.Variable,
  handle: SymbolKind.Variable,
  loop: SymbolKind.Operator,
  expect: SymbolKind.Boolean,
};

/** LSP relative encoding; multi-line tokens are split per line. */
export function encodeTokens(idx: LineIndex, tokens: { span: { start: number; end: number }; type: number; modifiers: number }[]): SemanticTokens {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const a = idx.positionAt(t.span.start);
    const b = idx.positionAt(t.span.end);
    if (b.line !== a.line || b.character <= a.character) continue;
    const dl = a.line - prevLine;
    const dc = dl === 0 ? a.character - prevChar : a.character;
    data.push(dl, dc, b.character - a.character, t.type, t.modifiers);
    prevLine = a.line;
    prevChar = a.character;
  }
  return { data };
}
