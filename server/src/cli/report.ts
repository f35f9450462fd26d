/**
 * The JSON of language.md, command line and the `file:line:col: severity code: message` lines,
 * built from a FullAnalysis. Lines and columns are 1-based here (and only here
 * and in the LSP adapter do offsets become positions).
 */
import { Diagnostic } from '../common/diagnostics';
import { LineIndex, Span } from '../common/span';
import { FullAnalysis } from '../analysis/analyze';

export interface JsonDiagnostic {
  code: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related?: { line: number; column: number; message: string }[];
}

export interface JsonReport {
  file: string;
  design: string;
  diagnostics: JsonDiagnostic[];
  /** `notBinding`: evaluated, shown, binds nothing under this design; `invalid`: could not be evaluated (failed) */
  expectations: { line: number; column: number; passed: boolean; skipped?: boolean; notBinding?: boolean; invalid?: boolean; text: string; actual?: string }[];
  nodes: FullAnalysis['run']['nodes'];
  mappings: { task: string; name: string; sizeBytes: number; pages: Record<string, number> }[];
  stats: Record<string, number>;
  executed: number;
  cut?: { reason: string; line: number };
}

export function lineCol(idx: LineIndex, offset: number): { line: number; column: number } {
  const p = idx.positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

export function jsonDiagnostic(idx: LineIndex, d: Diagnostic): JsonDiagnostic {
  const s = lineCol(idx, d.span.start);
  const e = lineCol(idx, d.span.end);
  const out: JsonDiagnostic = { code: d.code, severity: d.severity, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, message: d.message };
  if (d.related?.length) out.related = d.related.map((r) => ({ ...lineCol(idx, r.span.start), message: r.message }));
  return out;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** Diagnostics in file order (then severity), so output is stable and reads top to bottom. */
export function sortedDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.span.start - b.span.start || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code));
}

export function toJsonReport(file: string, a: FullAnalysis): JsonReport {
  const idx = a.lineIndex;
  const r = a.run;
  const report: JsonReport = {
    file,
    design: a.design,
    diagnostics: sortedDiagnostics(a.allDiagnostics).map((d) => jsonDiagnostic(idx, d)),
    expectations: r.expectations.map((x) => {
      const e: JsonReport['expectations'][number] = { ...lineCol(idx, x.span.start), passed: x.passed, text: x.text };
      if (x.skipped) e.skipped = true;
      if (x.notBinding) e.notBinding = true;
      if (x.invalid) e.invalid = true;
      if (x.actual !== undefined) e.actual = x.actual;
      return e;
    }),
    nodes: r.nodes,
    mappings: r.mappings.map((m) => ({ task: m.task, name: m.name, sizeBytes: m.sizeBytes, pages: m.pages })),
    stats: r.stats,
    executed: r.executed,
  };
  if (r.cut) report.cut = { reason: r.cut.reason, line: lineCol(idx, r.cut.span.start).line };
  return report;
}

export function diagnosticLine(file: string, idx: LineIndex, d: Diagnostic): string {
  const { line, column } = lineCol(idx, d.span.start);
  return `${file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`;
}

export function spanText(text: string, span: Span, max = 80): string {
  const s = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function hasErrors(ds: Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
