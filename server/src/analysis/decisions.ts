/**
 * The decision path behind a statement's outcome, for text surfaces (`mmlab run`, `mmlab report`):
 * the emulator's explain lines of every execution of the statement, each said once, in order.
 * Hovers and the HTML map show the same lines; here they are de-duplicated because a statement in
 * a loop repeats most of its path on every iteration.
 */
import { Diagnostic } from '../common/diagnostics';
import { LineIndex } from '../common/span';
import { DesignName } from '../model/ir';
import { RunResult, StepRecord } from '../mm/result';
import { SourceFile } from '../syntax/ast';
import { compareRows } from './compare';
import { isInference, stripActor, untagged } from './inferences';
import { stepLookup } from './steps';

export interface DecisionLine {
  text: string;
  /** the line rests on an inference, not on read kernel code (the emulator tags it [inferred]/[INF]) */
  inferred: boolean;
}

/**
 * Distinct explain lines of a statement's records, first-seen order, without the block label the
 * emulator prefixes (the statement's own line already says where it is). At most `max` lines; the
 * rest are counted in `more`.
 */
export function decisionPath(records: StepRecord[], max = 8): { lines: DecisionLine[]; more: number } {
  const seen = new Set<string>();
  const lines: DecisionLine[] = [];
  let more = 0;
  for (const r of records) {
    for (const raw of r.explain) {
      const text = stripActor(raw, r.actor);
      if (seen.has(text)) continue;
      seen.add(text);
      if (lines.length >= max) more++;
      else lines.push({ text: untagged(text), inferred: isInference(text) });
    }
  }
  return { lines, more };
}

/** Word-wrap `text` to `width` columns; continuation lines get `indent`. Long words are cut. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (let w of words) {
    for (;;) {
      const cur = line ? `${line} ${w}` : `${out.length ? indent : ''}${w}`;
      if (cur.length <= width) {
        line = cur;
        break;
      }
      if (line) {
        out.push(line);
        line = '';
        continue;
      }
      // a single word longer than the line: cut it
      const room = width - (out.length ? indent.length : 0);
      out.push(`${out.length ? indent : ''}${w.slice(0, room)}`);
      w = w.slice(room);
      if (!w) break;
    }
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

/** One executed statement of a run with its outcome (as a comparison cell says it) and its path. */
export interface StatementDecision {
  line: number;
  text: string;
  outcome: string;
  path: DecisionLine[];
  more: number;
  /** the inferences the outcome rests on (empty: none) */
  inferred: string[];
}

/** Every statement the run executed, in file order, with its decision path (`mmlab run` text). */
export function statementDecisions(a: { parse: { file: SourceFile }; text: string; lineIndex: LineIndex; design: DesignName; run: RunResult; allDiagnostics: Diagnostic[] }, max = 8): StatementDecision[] {
  const rows = compareRows(a.parse.file, a.text, [{ design: a.design, run: a.run, all: a.allDiagnostics }]);
  const out: StatementDecision[] = [];
  for (const r of rows) {
    const cell = r.cells[a.design];
    if (r.kind !== 'statement' || !cell || cell.outcome === 'not-run') continue;
    const { lines, more } = decisionPath(stepLookup(a.run).recordsOf(r.span), max);
    out.push({ line: a.lineIndex.positionAt(r.span.start).line + 1, text: r.text, outcome: cell.text, path: lines, more, inferred: cell.inferred ?? [] });
  }
  return out;
}
