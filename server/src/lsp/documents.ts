/**
 * Open documents: text, version, the static analysis of that exact text, and
 * the diagnostics of the last finished run carried across edits (their spans
 * shifted through each change, dropped where the change touched them) so the
 * squiggles of the simulation do not flicker off and on while typing.
 */
import { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diag, Diagnostic } from '../common/diagnostics';
import { LineIndex, Span } from '../common/span';
import { analyzeStatic, StaticAnalysis } from '../analysis/analyze';
import { DesignName } from '../model/ir';
import { RunResult } from '../run/result';

export interface FinishedRun {
  version: number;
  design: DesignName;
  stat: StaticAnalysis;
  result: RunResult;
  /** static + run diagnostics, de-duplicated */
  all: Diagnostic[];
  ms: number;
  /** false for a diagnostics-only run of a large file (no step records); features then ask for a detailed one */
  detailed: boolean;
}

export interface DocState {
  uri: string;
  doc: TextDocument;
  /** undefined only if the front end itself failed on this text (then staticDiagnostics says so) */
  stat?: StaticAnalysis;
  staticDiagnostics: Diagnostic[];
  /** the last run that finished for this document, possibly for an older version */
  run?: FinishedRun;
  /** the detailed (step-recording) run of a large file's current version, computed on demand */
  detail?: { version: number; design: DesignName; promise: Promise<FinishedRun | undefined>; done?: FinishedRun };
  /** run diagnostics of the last finished run, mapped onto the current text */
  carried: Diagnostic[];
}

export function safeStatic(text: string): { stat?: StaticAnalysis; diagnostics: Diagnostic[] } {
  try {
    const stat = analyzeStatic(text);
    return { stat, diagnostics: stat.diagnostics };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { diagnostics: [diag('internal-error', { start: 0, end: 0 }, `front-end failure: ${message}`)] };
  }
}

/** Where an old offset lands after replacing [start, end) with `inserted` chars; undefined if inside. */
function shiftSpan(s: Span, start: number, end: number, inserted: number): Span | undefined {
  const delta = inserted - (end - start);
  if (s.end <= start && !(s.start === s.end && s.start === start && end > start)) return s;
  if (s.start >= end) return { start: s.start + delta, end: s.end + delta };
  return undefined;
}

export function shiftDiagnostics(ds: Diagnostic[], start: number, end: number, inserted: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const span = shiftSpan(d.span, start, end, inserted);
    if (!span) continue;
    const moved: Diagnostic = { ...d, span };
    if (d.related) {
      moved.related = d.related.flatMap((r) => {
        const rs = shiftSpan(r.span, start, end, inserted);
        return rs ? [{ ...r, span: rs }] : [];
      });
      if (!moved.related.length) delete moved.related;
    }
    out.push(moved);
  }
  return out;
}

export class Documents {
  private readonly docs = new Map<string, DocState>();

  get(uri: string): DocState | undefined {
    return this.docs.get(uri);
  }

  all(): DocState[] {
    return [...this.docs.values()];
  }

  open(uri: string, languageId: string, version: number, text: string): DocState {
    const doc = TextDocument.create(uri, languageId, version, text);
    const st: DocState = { uri, doc, staticDiagnostics: [], carried: [] };
    this.reanalyze(st);
    this.docs.set(uri, st);
    return st;
  }

  /**
   * Applies the edits; the static analysis is left to `analyze` so that the
   * caller can hand the new text to the simulation worker first and let both
   * threads parse it at the same time.
   */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[], analyze = true): DocState | undefined {
    const st = this.docs.get(uri);
    if (!st) return undefined;
    let doc = st.doc;
    let carried = st.carried;
    for (const ch of changes) {
      if ('range' in ch && ch.range) {
        const start = doc.offsetAt(ch.range.start);
        const end = doc.offsetAt(ch.range.end);
        carried = shiftDiagnostics(carried, start, end, ch.text.length);
      } else carried = [];
      doc = TextDocument.update(doc, [ch], version);
    }
    st.doc = doc;
    st.carried = carried;
    st.stat = undefined;
    if (analyze) this.reanalyze(st);
    return st;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  reanalyze(st: DocState): void {
    const r = safeStatic(st.doc.getText());
    st.stat = r.stat;
    st.staticDiagnostics = r.diagnostics;
  }
}

export function lineIndexOf(st: DocState): LineIndex {
  return st.stat?.lineIndex ?? new LineIndex(st.doc.getText());
}
