/**
 * `mmlab report`: the answer to a mailing-list question, as plain text that survives an email
 * client (at most 72 columns, no tabs, no colour). The scenario, the machine as declared, each
 * design's verdict, then every statement and expectation whose outcome differs between designs,
 * with the decision path behind each outcome (zonelist, nodes skipped and why). Lines that rest on
 * an inference rather than on read kernel code are marked, and the footer says what the mark means.
 */
import { Diagnostic } from '../common/diagnostics';
import { DEFAULT_DESIGN, DesignName } from '../model/ir';
import { analyzeStatic, AnalysisOptions, FullAnalysis, runStatic } from './analyze';
import { compareRows } from './compare';
import { decisionPath, DecisionLine, wrap } from './decisions';
import { hintText, isInference, untagged } from './inferences';
import { stepLookup } from './steps';
import { verdictOf } from './timeline';

export const REPORT_WIDTH = 72;
const INFERRED = '(inferred)';

export interface ReportCell {
  designs: DesignName[];
  outcome: string;
  path: DecisionLine[];
  /** explain lines past the ones shown */
  more: number;
}

export interface ReportRow {
  line: number;
  kind: 'statement' | 'expect';
  text: string;
  /** designs with the same outcome and the same path share a cell */
  cells: ReportCell[];
}

export interface ReviewReport {
  file: string;
  title?: string;
  designs: DesignName[];
  /** the machine declarations as written (comments dropped) */
  machine: string[];
  verdicts: { design: DesignName; verdict: string; errors: number }[];
  rows: ReportRow[];
  /** rows where every design agreed (not listed) */
  agreeing: number;
  /** set when some design evaluated an expectation without `under`: it binds only under this one */
  bindsUnder?: string;
}

export function buildReviewReport(file: string, text: string, designs: readonly DesignName[], opts: AnalysisOptions = {}): ReviewReport {
  const stat = analyzeStatic(text);
  const runs = designs.map((design) => runStatic(stat, { ...opts, design }));
  const rows = compareRows(
    stat.parse.file,
    text,
    runs.map((a) => ({ design: a.design, run: a.run, all: a.allDiagnostics })),
  );
  const machine: string[] = [];
  for (const item of stat.parse.file.items) {
    if (['NodeDecl', 'Distance', 'Swap', 'Cgroup', 'Sysctl', 'Design'].includes(item.kind)) {
      machine.push(stripComment(text.slice(item.span.start, item.span.end)));
    }
  }
  const out: ReportRow[] = [];
  // an expectation that some designs do not check (`under`) differs only if the checked ones disagree
  const differs = (r: (typeof rows)[number]) =>
    r.kind === 'statement' ? r.differs : new Set(Object.values(r.cells).map((c) => expectWords(c!.text)).filter((t) => t !== 'not checked')).size > 1;
  for (const r of rows.filter(differs)) {
    const cells: ReportCell[] = [];
    for (const a of runs) {
      const c = r.cells[a.design];
      const outcome = r.kind === 'expect' ? expectWords(c?.text ?? '—') : c?.text ?? '—';
      const { lines, more } = r.kind === 'statement' ? pathOf(a, r.span.start, r.span.end) : { lines: [], more: 0 };
      const key = JSON.stringify([outcome, lines, more]);
      const same = cells.find((x) => JSON.stringify([x.outcome, x.path, x.more]) === key);
      if (same) same.designs.push(a.design);
      else cells.push({ designs: [a.design], outcome, path: lines, more });
    }
    out.push({ line: stat.lineIndex.positionAt(r.span.start).line + 1, kind: r.kind, text: r.text, cells });
  }
  return {
    file,
    title: stat.program.title,
    designs: [...designs],
    machine,
    verdicts: runs.map((a) => ({ design: a.design, verdict: verdictOf(a.run, a.allDiagnostics), errors: a.allDiagnostics.filter((d) => d.severity === 'error').length })),
    rows: out,
    agreeing: rows.length - out.length,
    ...(rows.some((r) => Object.values(r.cells).some((c) => c!.outcome.startsWith('not-binding'))) ? { bindsUnder: stat.program.design?.name ?? DEFAULT_DESIGN } : {}),
  };
}

/** the statement's decision path plus the run's `inferred` hints on it */
function pathOf(a: FullAnalysis, start: number, end: number): { lines: DecisionLine[]; more: number } {
  const p = decisionPath(stepLookup(a.run).recordsOf({ start, end }));
  // the run's own diagnostics on the statement (a leak, an inference hint) belong to its path
  const own = a.run.diagnostics.filter((d: Diagnostic) => d.span.start === start && d.span.end <= end);
  for (const d of own) {
    const inferred = d.code === 'inferred' || isInference(d.message);
    const text = d.code === 'inferred' ? hintText(d.message) : `${d.code}: ${untagged(d.message)}`;
    if (!p.lines.some((l) => l.text === text)) p.lines.push({ text, inferred });
  }
  return p;
}

/** the evaluated outcome: a non-binding (✓)/(✗) reads like ✓/✗ here; the verdicts say what binds */
function expectWords(cell: string): string {
  if (/^\((✓|✗)\)/.test(cell)) return expectWords(cell.replace(/^\((✓|✗)\)/, '$1'));
  if (cell === '✓') return 'holds';
  if (cell === '—') return 'not checked';
  return cell.replace(/^✗/, 'fails:').replace(/^fails: got/, 'fails, got');
}

function stripComment(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, '').trimEnd())
    .filter((l) => l.trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The report as email text, every line at most `width` columns. */
export function formatReviewReport(r: ReviewReport, width = REPORT_WIDTH): string {
  const out: string[] = [];
  const para = (s: string, indent = '', hang = indent) => out.push(...wrap(s, width, hang).map((l, i) => (i === 0 ? indent + l : l)));
  const wrapAt = (s: string, first: string, rest: string) => {
    if (first.length > width / 2) {
      // a label too long to hang text on (a cell shared by many designs) gets lines of its own
      const lead = first.length - first.trimStart().length;
      for (const l of wrap(first.trim(), width - lead, '')) out.push(' '.repeat(lead) + l);
      first = rest;
    }
    // continuation lines hang by `rest`: when it is longer than `first`, wrap them that much shorter
    const hang = Math.max(0, rest.length - first.length);
    const lines = wrap(s, width - first.length, ' '.repeat(hang));
    lines.forEach((l, i) => out.push(i === 0 ? first + l : rest + l.slice(hang)));
  };
  wrapAt(r.title ?? r.file, 'Scenario: ', '  ');
  wrapAt(r.file, 'File: ', '  ');
  wrapAt(r.designs.join(', '), 'Designs: ', '  ');
  out.push('', 'Machine:');
  for (const m of r.machine) wrapAt(m, '  ', '      ');
  out.push('', 'Verdict per design:');
  const dw = Math.max(...r.designs.map((d) => d.length));
  for (const v of r.verdicts) out.push(`  ${v.design.padEnd(dw)}  ${v.verdict}${v.errors && v.verdict !== 'pass' ? ` (${v.errors} error${v.errors > 1 ? 's' : ''})` : ''}`);
  if (r.bindsUnder) out.push('');
  if (r.bindsUnder) para(`(Expectations without \`under\` bind only under the file's own design, ${r.bindsUnder}; elsewhere their outcome is shown but fails nothing.)`);
  out.push('');
  if (!r.rows.length) para('Every statement and expectation has the same outcome under these designs.');
  else para(`${r.rows.length} statement(s) and expectation(s) differ between designs${r.agreeing ? ` (${r.agreeing} agree and are not shown)` : ''}:`);
  let inferred = false;
  for (const row of r.rows) {
    out.push('');
    wrapAt(row.text, `Line ${row.line}: `, '    ');
    for (const c of row.cells) {
      wrapAt(`${c.outcome}`, `  ${c.designs.join(', ')}: `, '      ');
      for (const p of c.path) {
        inferred ||= p.inferred;
        wrapAt(p.inferred ? `${INFERRED} ${p.text}` : p.text, '    - ', '      ');
      }
      if (c.more) out.push(`    - (${c.more} more step line${c.more > 1 ? 's' : ''})`);
    }
  }
  out.push('');
  if (inferred || r.rows.some((x) => x.cells.some((c) => isInference(c.outcome)))) {
    para(`Lines marked ${INFERRED} rest on an inference about the design, not on kernel code that was read.`);
  }
  para('Outcomes from the mmlab emulator, not from a running kernel.');
  return out.join('\n');
}
