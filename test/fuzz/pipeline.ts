/**
 * The whole-pipeline robustness check one fuzz case goes through: parse ->
 * lower -> simulate (under every design, small budget) -> every analysis
 * function -> timeline, comparison and the webview renderers. Nothing may
 * throw, every range must lie inside the document, formatting must be
 * idempotent and keep every token and comment, semantic tokens must be sorted
 * and disjoint (the LSP encoder needs it). A violation throws a
 * PipelineFailure naming the layer, so a fuzz report says where to look.
 */
import { Diagnostic } from '../../server/src/common/diagnostics';
import { CompareData } from '../../server/src/lsp/protocol';
import { LineIndex, Span } from '../../server/src/common/span';
import { analyzeStatic, FullAnalysis, runStatic, StaticAnalysis } from '../../server/src/analysis/analyze';
import { codeActions } from '../../server/src/analysis/codeActions';
import { compareRows, DesignRun } from '../../server/src/analysis/compare';
import { completionsAt } from '../../server/src/analysis/completion';
import { FeatureContext, TextEditData } from '../../server/src/analysis/context';
import { definitionAt } from '../../server/src/analysis/definition';
import { foldingRanges } from '../../server/src/analysis/folding';
import { formatEdits, formatText } from '../../server/src/analysis/formatting';
import { hoverAt } from '../../server/src/analysis/hover';
import { inlayHints } from '../../server/src/analysis/inlayHints';
import { lensSites, lensTitle } from '../../server/src/analysis/lenses';
import { highlightsAt, referencesAt } from '../../server/src/analysis/references';
import { prepareRename, renameEdits } from '../../server/src/analysis/rename';
import { SEMANTIC_TOKEN_TYPES, semanticTokens } from '../../server/src/analysis/semanticTokens';
import { signatureAt } from '../../server/src/analysis/signatureHelp';
import { documentSymbols, OutlineSymbol } from '../../server/src/analysis/symbols';
import { buildRunData, rangeOf, verdictOf } from '../../server/src/analysis/timeline';
import { DESIGNS, DesignName } from '../../server/src/model/ir';
import { lower } from '../../server/src/model/lower';
import { simulate } from '../../server/src/run/simulate';
import { lex } from '../../server/src/syntax/lexer';
import { parse } from '../../server/src/syntax/parser';
import { renderCompare } from '../../server/src/webview/compareView';
import { renderMarkdownReport } from '../../server/src/webview/markdownReport';
import { renderMemoryMapHtml } from '../../server/src/webview/standalone';
import { renderToString } from '../../server/src/webview/vdom';
import { knownIssueFor } from '../regressions/known';

export type Layer = 'framing' | 'parse' | 'lower' | 'simulate' | 'analysis' | 'timeline' | 'webview' | 'format' | 'hang';

export class PipelineFailure extends Error {
  constructor(
    readonly layer: Layer,
    readonly where: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(`[${layer}] ${where}: ${message}${cause instanceof Error && cause.stack ? `\n${cause.stack}` : ''}`);
  }
}

export interface CheckOptions {
  /** designs to run (default: all six) */
  designs?: readonly DesignName[];
  maxSteps?: number;
  maxMs?: number;
  /** how many offsets to ask hover/completion/... at (default 40) */
  offsets?: number;
  /**
   * A run may take at most this long (ms) before it counts as a hang. It is
   * a hang detector, far above the run's own time budget, not a speed bar.
   */
  hangMs?: number;
}

export interface CheckStats {
  /** longest single simulate call, ms */
  slowestRunMs: number;
  runs: number;
  queries: number;
}

function stage<T>(layer: Layer, where: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PipelineFailure) throw e;
    throw new PipelineFailure(layer, where, e instanceof Error ? e.message : String(e), e);
  }
}

function checkSpan(layer: Layer, where: string, s: Span | undefined, len: number): void {
  if (!s) return;
  const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= len;
  if (!ok) throw new PipelineFailure(layer, where, `span ${JSON.stringify(s)} outside the document (length ${len})`);
}

function checkDiagnostics(where: string, ds: Diagnostic[], len: number): void {
  for (const d of ds) {
    checkSpan('analysis', `${where} diagnostic ${d.code}`, d.span, len);
    for (const r of d.related ?? []) checkSpan('analysis', `${where} related of ${d.code}`, r.span, len);
    if (typeof d.message !== 'string' || !d.message) throw new PipelineFailure('analysis', where, `diagnostic ${d.code} without a message`);
  }
}

function checkEdits(where: string, edits: TextEditData[], len: number): void {
  for (const e of edits) {
    checkSpan('analysis', where, e.span, len);
    if (typeof e.newText !== 'string') throw new PipelineFailure('analysis', where, 'edit without text');
  }
}

function checkOutline(syms: OutlineSymbol[], len: number): void {
  for (const s of syms) {
    checkSpan('analysis', `documentSymbols ${s.name}`, s.span, len);
    checkSpan('analysis', `documentSymbols ${s.name} selection`, s.selection, len);
    if (s.children) checkOutline(s.children, len);
  }
}

/** The characters the lexer counts as whitespace or line breaks (lexer.ts WS + newlines). */
export function significant(text: string): string {
  return text.replace(/[ \t\f\v\u00a0\ufeff\r\n]/g, '');
}

/** Significant tokens and comments, exactly as written. */
function tokenTexts(text: string): string[] {
  return lex(text)
    .tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'newline' && t.kind !== 'eof')
    .map((t) => t.text);
}

function applyEdits(text: string, edits: TextEditData[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Formatting: idempotent, keeps every significant token and comment, its edits reproduce formatText. */
export function checkFormatting(text: string, ctx: FeatureContext): void {
  for (const opts of [
    { tabSize: 2, insertSpaces: true },
    { tabSize: 4, insertSpaces: false },
  ]) {
    const once = stage('format', 'formatText', () => formatText(text, opts));
    const twice = stage('format', 'formatText (2nd)', () => formatText(once, opts));
    if (once !== twice && !knownIssueFor('format-idempotent', text)) throw new PipelineFailure('format', 'formatText', `not idempotent (${JSON.stringify(opts)}): ${firstDifference(once, twice)}`);
    if (significant(once) !== significant(text)) throw new PipelineFailure('format', 'formatText', `non-whitespace content changed: ${firstDifference(significant(text), significant(once))}`);
    const a = tokenTexts(text);
    const b = tokenTexts(once);
    if (a.length !== b.length || a.some((t, i) => t !== b[i])) throw new PipelineFailure('format', 'formatText', `tokens or comments changed: ${firstDifference(a.join('\u2424'), b.join('\u2424'))}`);
    const edits = stage('format', 'formatEdits', () => formatEdits(ctx, opts));
    checkEdits('formatEdits', edits, text.length);
    const applied = applyEdits(text, edits);
    if (edits.length && applied !== once) throw new PipelineFailure('format', 'formatEdits', 'edits do not reproduce formatText');
  }
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 20), i + 20))} vs ${JSON.stringify(b.slice(Math.max(0, i - 20), i + 20))}`;
}

/** Offsets to query: both ends, evenly spaced points and token starts (deterministic for a text). */
export function probeOffsets(stat: StaticAnalysis, n: number): number[] {
  const len = stat.text.length;
  const set = new Set<number>([0, len, Math.max(0, len - 1)]);
  for (let i = 1; i < n / 2; i++) set.add(Math.floor((len * i) / (n / 2)));
  const toks = stat.parse.tokens.filter((t) => t.kind !== 'whitespace');
  const stride = Math.max(1, Math.floor(toks.length / (n / 2)));
  for (let i = 0; i < toks.length; i += stride) set.add(toks[i].span.start + (i % 3 === 0 ? 0 : Math.min(1, toks[i].text.length)));
  return [...set].sort((a, b) => a - b);
}

function checkRange(where: string, idx: LineIndex, text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): void {
  for (const p of [r.start, r.end]) {
    if (p.line < 0 || p.line >= idx.lineCount || p.character < 0) throw new PipelineFailure('timeline', where, `position ${JSON.stringify(p)} outside the document`);
    const lineStart = idx.lineStart(p.line);
    const next = p.line + 1 < idx.lineCount ? idx.lineStart(p.line + 1) : text.length;
    if (lineStart + p.character > next) throw new PipelineFailure('timeline', where, `character ${p.character} past the end of line ${p.line}`);
  }
}

function checkSemanticTokens(ctx: FeatureContext, len: number): void {
  const toks = stage('analysis', 'semanticTokens', () => semanticTokens(ctx));
  let prevEnd = -1;
  let prevStart = -1;
  for (const t of toks) {
    checkSpan('analysis', 'semanticTokens', t.span, len);
    if (t.type < 0 || t.type >= SEMANTIC_TOKEN_TYPES.length) throw new PipelineFailure('analysis', 'semanticTokens', `type index ${t.type} out of the legend`);
    if (t.span.start < prevStart) throw new PipelineFailure('analysis', 'semanticTokens', `tokens out of order at ${t.span.start} (the LSP encoder needs sorted tokens)`);
    if (t.span.start < prevEnd) throw new PipelineFailure('analysis', 'semanticTokens', `tokens overlap at ${t.span.start}`);
    prevStart = t.span.start;
    prevEnd = t.span.end;
  }
}

/** Runs one text through everything; throws PipelineFailure on the first violation. */
export function checkPipeline(text: string, opts: CheckOptions = {}): CheckStats {
  const designs = opts.designs ?? DESIGNS;
  const len = text.length;
  const stats: CheckStats = { slowestRunMs: 0, runs: 0, queries: 0 };

  // --- syntax: never throws, lossless, spans inside the text
  const parsed = stage('parse', 'parse', () => parse(text));
  if (parsed.tokens.map((t) => t.text).join('') !== text) throw new PipelineFailure('parse', 'tokens', 'token texts do not concatenate to the input');
  for (const t of parsed.tokens) checkSpan('parse', `token ${t.kind}`, t.span, len);
  stage('lower', 'lower', () => lower(parsed));
  const stat = stage('lower', 'analyzeStatic', () => analyzeStatic(text));
  checkDiagnostics('static', stat.diagnostics, len);

  // --- simulate under every design (not for an input of a known, unfixed hang: see test/regressions/KNOWN.md)
  const fulls: FullAnalysis[] = [];
  const knownHang = knownIssueFor('simulate-hang', text);
  for (const design of knownHang ? [] : designs) {
    const t0 = performance.now();
    const full = stage('simulate', `runStatic ${design}`, () => runStatic(stat, { design, maxSteps: opts.maxSteps ?? 20_000, maxMs: opts.maxMs ?? 250 }));
    const ms = performance.now() - t0;
    stats.runs++;
    stats.slowestRunMs = Math.max(stats.slowestRunMs, ms);
    if (ms > (opts.hangMs ?? 15_000)) throw new PipelineFailure('hang', `simulate ${design}`, `run took ${Math.round(ms)} ms with a ${opts.maxMs ?? 250} ms budget`);
    const internal = full.allDiagnostics.find((d) => d.code === 'internal-error');
    if (internal) {
      // runStatic turned an emulator exception into a diagnostic: re-run bare to get the stack.
      let cause: unknown;
      try {
        simulate(stat.program, { design, maxSteps: opts.maxSteps ?? 20_000, maxMs: opts.maxMs ?? 250, staticDiagnostics: stat.diagnostics });
      } catch (e) {
        cause = e;
      }
      throw new PipelineFailure('simulate', `simulate ${design}`, internal.message, cause);
    }
    if (full.run.executed > (opts.maxSteps ?? 20_000) + 1) throw new PipelineFailure('simulate', `simulate ${design}`, `executed ${full.run.executed} statements with a budget of ${opts.maxSteps ?? 20_000}`);
    checkDiagnostics(`run ${design}`, full.allDiagnostics, len);
    for (const s of full.run.steps) checkSpan('simulate', `step record ${design}`, s.span, len);
    for (const e of full.run.expectations) checkSpan('simulate', `expectation ${design}`, e.span, len);
    for (const m of full.run.mappings) checkSpan('simulate', `mapping ${design}`, m.span, len);
    if (full.run.cut) checkSpan('simulate', `cut ${design}`, full.run.cut.span, len);
    try {
      JSON.stringify(full.run);
    } catch (e) {
      throw new PipelineFailure('simulate', `run result ${design}`, 'not JSON-serialisable', e);
    }
    fulls.push(full);
  }

  // --- editor features, under each design in turn
  const ctxs: FeatureContext[] = fulls.map((f) => ({ stat, run: f.run, design: f.design, diagnostics: f.allDiagnostics }));
  // without a run (still running, or skipped above) the editor features answer from the static analysis
  if (!ctxs.length) ctxs.push({ stat, design: 'private_v4', diagnostics: stat.diagnostics });
  const offsets = probeOffsets(stat, opts.offsets ?? 40);
  offsets.forEach((off, i) => {
    const ctx = ctxs[i % ctxs.length];
    const at = `@${off} (${ctx.design})`;
    const hv = stage('analysis', `hoverAt ${at}`, () => hoverAt(ctx, off));
    if (hv) {
      checkSpan('analysis', `hoverAt ${at}`, hv.span, len);
      if (typeof hv.markdown !== 'string') throw new PipelineFailure('analysis', `hoverAt ${at}`, 'no markdown');
    }
    for (const c of stage('analysis', `completionsAt ${at}`, () => completionsAt(ctx, off))) {
      checkSpan('analysis', `completionsAt ${at} ${c.label}`, c.replace, len);
      if (!c.label) throw new PipelineFailure('analysis', `completionsAt ${at}`, 'an item without a label');
    }
    stage('analysis', `signatureAt ${at}`, () => signatureAt(ctx, off));
    checkSpan('analysis', `definitionAt ${at}`, stage('analysis', `definitionAt ${at}`, () => definitionAt(ctx, off)), len);
    for (const s of stage('analysis', `referencesAt ${at}`, () => referencesAt(ctx, off, true))) checkSpan('analysis', `referencesAt ${at}`, s, len);
    for (const h of stage('analysis', `highlightsAt ${at}`, () => highlightsAt(ctx, off))) checkSpan('analysis', `highlightsAt ${at}`, h.span, len);
    const pr = stage('analysis', `prepareRename ${at}`, () => prepareRename(ctx, off));
    if ('span' in pr) {
      checkSpan('analysis', `prepareRename ${at}`, pr.span, len);
      const re = stage('analysis', `renameEdits ${at}`, () => renameEdits(ctx, off, 'renamed_x'));
      if ('edits' in re) checkEdits(`renameEdits ${at}`, re.edits, len);
    }
    stats.queries += 7;
  });

  const ctx0 = ctxs[0];
  checkOutline(stage('analysis', 'documentSymbols', () => documentSymbols(ctx0)), len);
  for (const f of stage('analysis', 'foldingRanges', () => foldingRanges(ctx0))) checkSpan('analysis', 'foldingRanges', f.span, len);
  checkSemanticTokens(ctx0, len);
  checkFormatting(text, ctx0);

  const runs: DesignRun[] = [];
  for (const ctx of ctxs.filter((c) => c.run)) {
    const where = `(${ctx.design})`;
    for (const a of stage('analysis', `codeActions whole ${where}`, () => codeActions(ctx, { start: 0, end: len }))) checkEdits(`codeActions ${a.title}`, a.edits, len);
    for (const d of ctx.diagnostics.slice(0, 20)) {
      for (const a of stage('analysis', `codeActions ${d.code} ${where}`, () => codeActions(ctx, d.span))) checkEdits(`codeActions ${a.title}`, a.edits, len);
    }
    for (const hint of stage('analysis', `inlayHints ${where}`, () => inlayHints(stat.parse.file, ctx.run!, { start: 0, end: len }))) {
      if (!(hint.offset >= 0 && hint.offset <= len)) throw new PipelineFailure('analysis', `inlayHints ${where}`, `offset ${hint.offset} outside the document`);
    }
    const sites = stage('analysis', `lensSites ${where}`, () => lensSites(stat.parse.file, { run: true, expect: true }));
    for (const s of sites) {
      checkSpan('analysis', `lensSites ${where}`, s.span, len);
      stage('analysis', `lensTitle ${s.kind} ${where}`, () => lensTitle(s, { design: ctx.design, run: ctx.run, verdict: verdictOf(ctx.run!, ctx.diagnostics) }));
      stage('analysis', `lensTitle unresolved ${where}`, () => lensTitle(s, { design: ctx.design }));
    }
    runs.push({ design: ctx.design, run: ctx.run!, all: ctx.diagnostics });
  }

  // --- timeline, comparison, webviews
  if (!runs.length) return stats;
  const uri = 'file:///fuzz/case.mmlab';
  const rows = stage('analysis', 'compareRows', () => compareRows(stat.parse.file, text, runs));
  for (const r of rows) checkSpan('analysis', 'compareRows', r.span, len);
  const compare: CompareData = {
    uri,
    version: 1,
    designs: runs.map((r) => r.design),
    rows: rows.map((r) => ({ range: rangeOf(stat.lineIndex, r.span), kind: r.kind, text: r.text, cells: r.cells, differs: r.differs })),
    verdicts: Object.fromEntries(runs.map((r) => [r.design, verdictOf(r.run, r.all)])),
  };
  for (const r of compare.rows) checkRange('compare row', stat.lineIndex, text, r.range);
  stage('webview', 'renderCompare', () => renderToString(renderCompare(compare, false)));
  stage('webview', 'renderCompare (differences only)', () => renderToString(renderCompare(compare, true)));
  for (const r of runs.slice(0, 2)) {
    const data = stage('timeline', `buildRunData ${r.design}`, () =>
      buildRunData({ uri, version: 1, design: r.design, title: stat.program.title, index: stat.lineIndex, run: r.run, all: r.all }),
    );
    for (const s of data.steps) checkRange(`timeline step ${s.index}`, stat.lineIndex, text, s.range);
    for (const e of data.expectations) checkRange('timeline expectation', stat.lineIndex, text, e.range);
    if (data.cut) checkRange('timeline cut', stat.lineIndex, text, data.cut.range);
    stage('webview', `renderMemoryMapHtml ${r.design}`, () => renderMemoryMapHtml(data, { maxTimelineRows: 200 }));
    stage('webview', `renderMarkdownReport ${r.design}`, () => renderMarkdownReport(data, compare));
  }
  return stats;
}
