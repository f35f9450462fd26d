/**
 * The design comparison (`mmlab/compare`): rows = statements and expectations
 * in file order, columns = designs, cells = what happened there under that
 * design. Plain data with spans; the adapter turns spans into ranges.
 */
import { Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { CompareCell } from './viewData';
import { DesignName } from '../model/ir';
import { designFamily, FAMILY_ORDER } from '../vocab/designs';
import { expectationMark, expectationNote, expectationStatus, RunResult, StepRecord } from '../mm/result';
import { SourceFile } from '../syntax/ast';
import { inferencesOf } from './inferences';
import { formatPlacements, outcomeTally, outcomeText, placementsByNode, stepLookup } from './steps';
import { walkStatements } from './tree';

export interface CompareRowData {
  span: Span;
  kind: 'statement' | 'expect';
  text: string;
  cells: Partial<Record<DesignName, CompareCell>>;
  differs: boolean;
}

export interface DesignRun {
  design: DesignName;
  run: RunResult;
  /** static + run diagnostics of that run */
  all: Diagnostic[];
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0].trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/**
 * A statement in a loop runs once per iteration: the cell shows every node its pages reached and
 * every errno it returned (`N0 ×64, N1 ×64; ENOMEM`), so a per-node loop that fails on one node
 * does not read as a plain failure. `×k` counts the executions that returned that errno.
 */
function errnoSummary(records: StepRecord[]): string {
  const errors = outcomeTally(records).filter((t) => t.kind === 'error');
  return errors.map((t) => (t.count > 1 ? `${t.text} ×${t.count}` : t.text)).join(', ');
}

/**
 * `lean`: the cell's outcome and text only (what-if summaries read nothing else); the detail and the
 * inferences (explain lines scanned for tags, a third of the cell's cost) are left out.
 */
function statementCell(r: DesignRun, span: Span, lean = false): CompareCell {
  const records = stepLookup(r.run).recordsOf(span);
  const last = records[records.length - 1];
  if (!last) return { outcome: 'not-run', text: '—', detail: 'this statement was not executed' };
  const o = last.outcome;
  const leak = r.all.find((d) => d.code === 'private-leak' && d.span.start === span.start);
  let cell: CompareCell;
  if (o.kind === 'skipped' || o.kind === 'oom') cell = { outcome: o.kind, text: outcomeText(last) };
  else {
    // where the pages went, then the errnos of failed iterations, then a killing signal
    const where = formatPlacements(placementsByNode(records));
    const errnos = errnoSummary(records);
    const fatal = o.kind === 'killed' || o.kind === 'panic';
    const parts = [leak ? (where ? `leak ${where}` : 'leak') : where, errnos, fatal ? outcomeText(last) : ''];
    cell = { outcome: leak ? 'leak' : errnos || fatal ? 'error' : 'ok', text: parts.filter(Boolean).join('; ') || 'ok' };
  }
  if (lean) return cell;
  const detail = [...(leak ? [leak.message] : []), ...last.explain].join('\n');
  if (detail) cell.detail = detail;
  const inferred = inferencesOf(r.run, records, span);
  if (inferred.length) cell.inferred = inferred;
  return cell;
}

function expectCell(r: DesignRun, span: Span): CompareCell {
  const e = r.run.expectations.find((x) => x.span.start === span.start);
  if (!e) return { outcome: 'not-run', text: '—' };
  if (e.skipped) return { outcome: 'skipped', text: '—', detail: `not checked under ${r.design}` };
  // the one expectation rule (run/result.ts): a non-binding outcome is shown in brackets, never a ✗ verdict
  const status = expectationStatus(e);
  const mark = expectationMark(e);
  const note = expectationNote(e, r.design);
  const detail = [e.actual, note].filter(Boolean).join('\n');
  const text = e.passed || !e.actual ? mark : `${mark} ${e.invalid ? '' : 'got '}${e.actual}`;
  return { outcome: status === 'not-binding-pass' || status === 'not-binding-fail' ? status : e.passed ? 'pass' : 'fail', text, ...(detail ? { detail } : {}) };
}

/** Columns grouped by design family, families in FAMILY_ORDER, designs in their given order inside a family. */
export function designGroups(designs: readonly DesignName[]): { name: string; designs: DesignName[] }[] {
  return FAMILY_ORDER.map((name) => ({ name, designs: designs.filter((d) => designFamily(d) === name) })).filter((g) => g.designs.length > 0);
}

export function compareRows(file: SourceFile, text: string, runs: DesignRun[], opts: { lean?: boolean } = {}): CompareRowData[] {
  const rows: CompareRowData[] = [];
  walkStatements(file, (s) => {
    if (s.kind === 'ForEach' || s.kind === 'Repeat' || s.kind === 'Scope' || s.kind === 'Error') return;
    const kind = s.kind === 'Expect' ? 'expect' : 'statement';
    const cells: Partial<Record<DesignName, CompareCell>> = {};
    for (const r of runs) cells[r.design] = kind === 'expect' ? expectCell(r, s.span) : statementCell(r, s.span, opts.lean);
    // designs differ when the evaluated outcomes differ: (✓) not binding and ✓ binding agree
    const texts = new Set(Object.values(cells).map((c) => c!.text.replace(/^\((✓|✗)\)/, '$1')));
    rows.push({ span: s.span, kind, text: firstLine(text.slice(s.span.start, s.span.end)), cells, differs: texts.size > 1 });
  });
  return rows;
}
