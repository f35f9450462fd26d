/**
 * Open documents: text, version, the static analysis of that exact text (computed on
 * demand, never on the edit path: docs/adr/0007), and the diagnostics of the last
 * analysed version and of the last finished run carried across edits (their spans
 * shifted through each change, dropped where the change touched them) so the squiggles
 * do not flicker off and on while typing. The changes since the last finished run are
 * kept (`edits`) so that a request made while the document is being typed can be
 * answered from that run's results, its positions mapped through them.
 */
import { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diag, Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { Positions } from './convert';
import { StaticAnalysis, workspaceDesigns } from '../analysis/analyze';
import { analyzeStaticAfter } from '../analysis/incrementalStatic';
import { symbolIndex } from '../analysis/symbolIndex';
import { DesignName } from '../model/ir';
import { RunResult } from '../mm/result';

export interface FinishedRun {
  version: number;
  /** the text of that version (strings are shared, not copied) */
  text: string;
  design: DesignName;
  /** that version's static analysis, computed on this thread only when a feature asks (Documents.statOf) */
  stat?: StaticAnalysis;
  /** the text of the workspace's designs.mmlab the run saw (undefined: none) */
  designs?: string;
  /** that version's static diagnostics (computed by the worker) */
  staticDiagnostics: Diagnostic[];
  result: RunResult;
  /** static + run diagnostics, de-duplicated */
  all: Diagnostic[];
  ms: number;
  /** false for a diagnostics-only run of a large file (no step records); features then ask for a detailed one */
  detailed: boolean;
}

/** One change as offsets into the text before it; `version` is the version it produced. */
export interface EditRecord {
  version: number;
  start: number;
  end: number;
  inserted: number;
}

export interface DocState {
  uri: string;
  doc: TextDocument;
  /**
   * the static analysis of the version `statVersion` once a feature asked for it (Documents.ensure):
   * the current version's when statVersion is the document's; after an edit, the last one made,
   * which the next analysis goes on from (analysis/incrementalStatic.ts: only the items around the
   * edits are analysed again); undefined before, or if the front end failed
   */
  stat?: StaticAnalysis;
  /** the version `stat` / `staticDiagnostics` were computed for (-1: none, or the document changed since) */
  statVersion: number;
  /** the workspace designs text `stat` was computed with */
  statDesigns?: string;
  /** static diagnostics of the current text: exact once analysed here or by a run of this version, else the last known ones shifted */
  staticDiagnostics: Diagnostic[];
  /** the last run that finished for this document, possibly for an older version */
  run?: FinishedRun;
  /** the detailed (step-recording) run of a large file's current version, computed on demand */
  detail?: { version: number; design: DesignName; promise: Promise<FinishedRun | undefined>; done?: FinishedRun; cancel: () => void };
  /** run diagnostics of the last finished run, mapped onto the current text */
  carried: Diagnostic[];
  /**
   * the latest finished run whose static analysis this thread has (statOf): while typing, requests
   * answer from it rather than parse a newer run's text here (runView.ts)
   */
  analysed?: FinishedRun;
  /** the changes after the `analysed` run's version, or the last finished run's (for mapping positions; pruned when a run lands) */
  edits: EditRecord[];
  /** performance.now() of the last two didChange notifications (-Infinity: none): tells typing apart (isTyping) */
  lastEditAt: number;
  prevEditAt: number;
}

/**
 * Two edits closer than this, the last one this recent: the document is being typed, and a
 * request that shows run data answers at once from the latest finished run instead of waiting
 * for a run the next keystroke will cancel (runView.ts).
 */
export const TYPING_GAP_MS = 500;

/** edits kept for mapping positions back to the `analysed` run at most; past them it is forgotten */
const MAX_KEPT_EDITS = 2000;

export function isTyping(st: DocState, now = performance.now()): boolean {
  return now - st.lastEditAt < TYPING_GAP_MS && st.lastEditAt - st.prevEditAt < TYPING_GAP_MS;
}

/** the document's last analysis, as the base of one with these workspace designs (only one made with the same ones is) */
function baseFor(st: DocState, designs: string | undefined): StaticAnalysis | undefined {
  return st.statDesigns === designs ? st.stat : undefined;
}

/** The symbol index of a parsed file, its by-position table built now (not on a first hover: 0.2 s for 1 MB). */
function indexNow(stat: StaticAnalysis): void {
  symbolIndex(stat.parse.file).at(0);
}

/**
 * the static analysis of `text` seeing the workspace designs of `designs` (a designs.mmlab's text);
 * given the analysis of an earlier version of the document, only the items around the edit are
 * analysed again (analysis/incrementalStatic.ts: the same answer)
 */
export function safeStatic(text: string, designs?: string, prev?: StaticAnalysis): { stat?: StaticAnalysis; diagnostics: Diagnostic[] } {
  try {
    const stat = analyzeStaticAfter(prev, text, designs === undefined ? {} : { workspace: workspaceDesigns(designs) });
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
  /** the workspace designs text a document sees (lsp/designFiles.ts; set by the server) */
  designsOf: (uri: string) => string | undefined = () => undefined;

  get(uri: string): DocState | undefined {
    return this.docs.get(uri);
  }

  all(): DocState[] {
    return [...this.docs.values()];
  }

  /** Opens a document; nothing is analysed here (the simulation worker parses it first). */
  open(uri: string, languageId: string, version: number, text: string): DocState {
    const doc = TextDocument.create(uri, languageId, version, text);
    const st: DocState = { uri, doc, statVersion: -1, staticDiagnostics: [], carried: [], edits: [], lastEditAt: -Infinity, prevEditAt: -Infinity };
    this.docs.set(uri, st);
    return st;
  }

  /** Applies the edits: text, carried diagnostics and the edit log only (no analysis on the edit path). */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): DocState | undefined {
    const st = this.docs.get(uri);
    if (!st) return undefined;
    st.prevEditAt = st.lastEditAt;
    st.lastEditAt = performance.now();
    let doc = st.doc;
    let carried = st.carried;
    let statics = st.staticDiagnostics;
    for (const ch of changes) {
      if ('range' in ch && ch.range) {
        const start = doc.offsetAt(ch.range.start);
        const end = doc.offsetAt(ch.range.end);
        carried = shiftDiagnostics(carried, start, end, ch.text.length);
        statics = shiftDiagnostics(statics, start, end, ch.text.length);
        st.edits.push({ version, start, end, inserted: ch.text.length });
      } else {
        carried = [];
        statics = [];
        st.edits.push({ version, start: 0, end: doc.getText().length, inserted: ch.text.length });
      }
      doc = TextDocument.update(doc, [ch], version);
    }
    st.doc = doc;
    st.carried = carried;
    st.staticDiagnostics = statics;
    // (the analysis stays, as the base of the next one: cleared here, every analysis this thread
    // made after an edit was one from scratch, 25-30 ms and a 15-20 ms name index for 5,000 lines)
    st.statVersion = -1;
    return st;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  /**
   * The static analysis of the current version, computed here at most once per version and
   * only when a feature needs it (a finished run of this version shares it).
   */
  ensure(st: DocState): StaticAnalysis | undefined {
    const version = st.doc.version;
    const designs = this.designsOf(st.uri);
    if (st.statVersion === version && st.statDesigns === designs) return st.stat;
    const run = st.run?.version === version && st.run.designs === designs ? st.run : undefined;
    const r = run?.stat ? { stat: run.stat, diagnostics: run.stat.diagnostics } : safeStatic(st.doc.getText(), designs, baseFor(st, designs));
    st.stat = r.stat;
    st.statVersion = version;
    st.statDesigns = designs;
    st.staticDiagnostics = r.diagnostics;
    if (run && !run.stat) run.stat = r.stat;
    if (run?.stat) noteAnalysed(st, run);
    // the name index every navigation feature needs, built with the analysis (not on a first hover)
    if (r.stat) indexNow(r.stat);
    return st.stat;
  }

  /** A finished run's static analysis (its own version's text), computed once on demand. */
  statOf(st: DocState, run: FinishedRun): StaticAnalysis | undefined {
    if (run.stat) return run.stat;
    if (run.version === st.doc.version && run.designs === this.designsOf(st.uri)) return this.ensure(st);
    run.stat = safeStatic(run.text, run.designs, baseFor(st, run.designs)).stat;
    if (run.stat) {
      indexNow(run.stat);
      noteAnalysed(st, run);
    }
    return run.stat;
  }

  /** Forget the edits a finished run of `version` made unnecessary (those after the `analysed` run's version stay). */
  pruneEdits(st: DocState, version: number): void {
    // a long typing session with no request: the log does not grow without bound for it
    if (st.analysed && st.edits.length > MAX_KEPT_EDITS) st.analysed = undefined;
    if (st.analysed) version = Math.min(version, st.analysed.version);
    let i = 0;
    while (i < st.edits.length && st.edits[i].version <= version) i++;
    if (i) st.edits.splice(0, i);
  }
}

/** `run`'s static analysis is on this thread: while typing, requests answer from the latest such run */
export function noteAnalysed(st: DocState, run: FinishedRun): void {
  if (!st.analysed || st.analysed.version < run.version) st.analysed = run;
}

/** Where an offset of the text of version `at` was in the text of `version` (older); undefined when an edit between covers it. */
export function offsetIn(st: DocState, offset: number, version: number, at: number): number | undefined {
  let o = offset;
  for (let i = st.edits.length - 1; i >= 0; i--) {
    const e = st.edits[i];
    if (e.version > at) continue;
    if (e.version <= version) break;
    if (o < e.start) continue;
    if (o >= e.start + e.inserted) o += e.end - e.start - e.inserted;
    else return undefined;
  }
  return o;
}

/** A span of the text of `version` in the text of version `at` (newer); undefined when an edit between touched it. */
export function spanSince(st: DocState, span: Span, version: number, at: number): Span | undefined {
  let s: Span | undefined = span;
  for (const e of st.edits) {
    if (e.version <= version) continue;
    if (e.version > at) break;
    s = shiftSpan(s, e.start, e.end, e.inserted);
    if (!s) return undefined;
  }
  return s;
}

/** Positions in the current text: the analysis's line index, else the TextDocument's own (updated through edits, never rebuilt). */
export function lineIndexOf(st: DocState): Positions {
  return st.stat && st.statVersion === st.doc.version ? st.stat.lineIndex : st.doc;
}
