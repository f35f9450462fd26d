/**
 * `mmlab shrink`: delta debugging (Zeller's ddmin, level by level as in hierarchical delta
 * debugging) over a scenario, keeping a property of one statement or expectation:
 *   - alone: it still ends badly under the design (an expectation fails; a statement leaks,
 *     returns an errno, OOMs or is killed), with the same kind of outcome;
 *   - `between: [D1, D2]`: its outcome still differs between the two designs.
 * Levels: top-level declarations and blocks, then the statements of each block, then the
 * statements inside loops; then single simplifications (a flag operand dropped, a repeat count
 * or `count=` made 1 or halved, a size halved), kept when the property holds. Every candidate is
 * the text with some spans removed or rewritten, so the result is a file you can open; a
 * candidate with a syntax or name error simply does not keep the property.
 */
import { DesignName } from '../../model/ir';
import { Block, Expr, SourceFile, Stmt } from '../../syntax/ast';
import { parse } from '../../syntax/parser';
import { AnalysisOptions } from '../analyze';
import { AnyNode, isBlockItem, walkNodes } from '../tree';
import { applyEdits, Edit, flagNames, sizeLiteral } from './edits';
import { isBad, RowOutcome, Runner, RunSummary } from './summary';

export interface ShrinkOptions {
  design: DesignName;
  /** 1-based line of the statement or expectation to keep */
  line: number;
  between?: [DesignName, DesignName];
  /** the text of the workspace's designs.mmlab the file sees */
  workspace?: string;
  budget?: Pick<AnalysisOptions, 'maxSteps' | 'maxMs'>;
  /** stop after this many runs (the result so far is still a file with the property) */
  maxRuns?: number;
  isCancelled?: () => boolean;
  progress?: (runs: number) => void;
}

export interface ShrinkResult {
  /** false when the input does not have the property (nothing was shrunk) */
  holds: boolean;
  text: string;
  /** what the property is, in words */
  property: string;
  /** 1-based line of the kept statement in the result */
  line: number;
  runs: number;
  statementsBefore: number;
  statementsAfter: number;
  linesBefore: number;
  linesAfter: number;
  /** the kept row's outcome per design in the result */
  outcomes: { design: DesignName; cell: string }[];
  stoppedEarly?: boolean;
}

interface State {
  text: string;
  /** offset of the kept statement's first character */
  target: number;
}

/** Statements (loops and expects included) in a file. */
export function countStatements(file: SourceFile): number {
  let n = 0;
  walkNodes(file as AnyNode, (x) => {
    if (['CallStmt', 'PokeStmt', 'ForEach', 'Repeat', 'Expect'].includes(x.kind)) n++;
  });
  return n;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The statement starting on `line` (its first non-blank character), if one does. */
function statementAtLine(file: SourceFile, text: string, line: number): Stmt | undefined {
  let hit: Stmt | undefined;
  walkNodes(file as AnyNode, (x) => {
    if (hit || !['CallStmt', 'PokeStmt', 'Expect', 'ForEach', 'Repeat'].includes(x.kind)) return;
    if (lineOf(text, x.span.start) === line) hit = x as unknown as Stmt;
  });
  return hit;
}

/** A span grown to whole lines when only blanks (and a trailing comment) share them. */
function lineExtent(text: string, start: number, end: number): Edit {
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  let e = end;
  const rest = /^[ \t]*(\/\/[^\n]*)?(\r?\n|$)/.exec(text.slice(end));
  if ((s === 0 || text[s - 1] === '\n') && rest) e = end + rest[0].length;
  else s = start;
  return { start: s, end: e, text: '' };
}

/** Units of one level: deletable spans, none of them containing the target. */
function unitsAt(file: SourceFile, level: number, target: number): { start: number; end: number }[] {
  const contains = (sp: { start: number; end: number }) => target >= sp.start && target < sp.end;
  if (level === 0) {
    return file.items.filter((i) => i.kind !== 'Scenario' && i.kind !== 'Design' && !contains(i.span)).map((i) => i.span);
  }
  // statements of the lists at depth `level` (1 = a block's own list, 2 = inside one loop, ...)
  const out: { start: number; end: number }[] = [];
  const inList = (stmts: Stmt[], depth: number) => {
    for (const s of stmts) {
      if (depth === level) {
        if (!contains(s.span)) out.push(s.span);
      } else if ((s.kind === 'ForEach' || s.kind === 'Repeat') && s.body) {
        inList(s.body.kind === 'Block' ? (s.body as Block).stmts : [s.body as Stmt], depth + 1);
      }
    }
  };
  for (const item of file.items) if (isBlockItem(item) && item.body) inList(item.body.stmts, 1);
  return out;
}

function withDeleted(st: State, spans: { start: number; end: number }[]): State {
  const edits = spans.map((s) => lineExtent(st.text, s.start, s.end));
  const shift = edits.filter((e) => e.end <= st.target).reduce((n, e) => n + (e.end - e.start), 0);
  return { text: applyEdits(st.text, edits), target: st.target - shift };
}

function withEdit(st: State, e: Edit): State {
  const shift = e.end <= st.target ? e.text.length - (e.end - e.start) : 0;
  return { text: applyEdits(st.text, [e]), target: st.target + shift };
}

/** Single simplifications of the current text: a flag operand dropped, counts and sizes made smaller. */
function simplifications(file: SourceFile): Edit[] {
  const out: Edit[] = [];
  const smaller = (e: Expr, kind: 'count' | 'size') => {
    if (e.kind !== 'Number') return;
    if (kind === 'count' && e.value > 1) {
      out.push({ ...e.span, text: '1' });
      if (e.value > 3) out.push({ ...e.span, text: String(Math.floor(e.value / 2)) });
    }
    if (kind === 'size' && e.numKind === 'size' && e.value >= 8192 && (e.value / 2) % 4096 === 0) out.push({ ...e.span, text: sizeLiteral(e.value / 2) });
  };
  walkNodes(file as AnyNode, (n) => {
    const x = n as unknown as Expr | Stmt;
    if (x.kind === 'Flags') {
      const names = flagNames(x);
      if (names && names.length > 1) for (const drop of names) out.push({ ...x.span, text: names.filter((f) => f !== drop).join(' | ') });
    } else if (x.kind === 'Repeat') {
      smaller(x.count, 'count');
    } else if (x.kind === 'Call') {
      for (const a of x.args) {
        if (a.name?.name === 'count') smaller(a.value, 'count');
        else smaller(a.value, 'size');
      }
    } else if ((n.kind as string) === 'NodeDecl') {
      smaller((n as unknown as { size: Expr }).size, 'size');
    }
  });
  return out;
}

export async function shrink(original: string, o: ShrinkOptions, runner: Runner): Promise<ShrinkResult> {
  const designs: DesignName[] = o.between ? [o.between[0], o.between[1]] : [o.design];
  const maxRuns = o.maxRuns ?? 3000;
  const seen = o.workspace === undefined ? {} : { workspace: o.workspace };
  let runs = 0;
  let stopped = false;
  const file0 = parse(original).file;
  const stmt = statementAtLine(file0, original, o.line);
  const property = o.between
    ? `line ${o.line} has a different outcome under ${o.between[0]} and ${o.between[1]}`
    : `line ${o.line} ends badly under ${o.design}`;
  const base = { statementsBefore: countStatements(file0), linesBefore: original.split('\n').length, property };
  if (!stmt) {
    return { ...base, holds: false, text: original, line: o.line, runs, statementsAfter: base.statementsBefore, linesAfter: base.linesBefore, outcomes: [] };
  }
  let baseKind: string | undefined;
  const rowOf = (s: RunSummary, st: State) => {
    const line = lineOf(st.text, st.target);
    return s.rows.find((r) => r.line === line);
  };
  const check = async (st: State): Promise<RowOutcome[] | undefined> => {
    if (stopped || runs >= maxRuns || o.isCancelled?.()) {
      stopped = true;
      return undefined;
    }
    runs += designs.length;
    o.progress?.(runs);
    const res = await runner(designs.map((design) => ({ text: st.text, design, opts: o.budget, ...seen })));
    const rows: RowOutcome[] = [];
    for (const s of res) {
      if (!s || s.staticErrors > 0 || s.cut) return undefined;
      const r = rowOf(s, st);
      if (!r || r.outcome === 'not-run' || r.outcome === 'skipped') return undefined;
      rows.push(r);
    }
    return rows;
  };
  const holds = async (st: State): Promise<boolean> => {
    const rows = await check(st);
    if (!rows) return false;
    if (o.between) return rows[0].cell !== rows[1].cell && rows[0].outcome + rows[1].outcome === baseKind;
    return isBad(rows[0].outcome) && rows[0].outcome === baseKind;
  };
  let cur: State = { text: original, target: stmt.span.start };
  const first = await check(cur);
  const startHolds = !!first && (o.between ? first[0].cell !== first[1].cell : isBad(first[0].outcome));
  if (!first || !startHolds) {
    return { ...base, holds: false, text: original, line: o.line, runs, statementsAfter: base.statementsBefore, linesAfter: base.linesBefore, outcomes: (first ?? []).map((r, i) => ({ design: designs[i], cell: r.cell })) };
  }
  // the kind of outcome must stay (a leak must not become an errno on the way down)
  baseKind = o.between ? first[0].outcome + first[1].outcome : first[0].outcome;

  // structural ddmin, level by level, until a whole pass removes nothing
  for (let pass = 0; pass < 4 && !stopped; pass++) {
    const before = cur.text;
    for (let level = 0; level <= 3 && !stopped; level++) {
      const units = unitsAt(parse(cur.text).file, level, cur.target);
      if (!units.length) continue;
      const at = cur;
      const keep = await ddmin(units, async (kept) => holds(withDeleted(at, units.filter((u) => !kept.includes(u)))));
      cur = withDeleted(at, units.filter((u) => !keep.includes(u)));
    }
    // simplifications, one at a time, greedily
    for (let changed = true; changed && !stopped; ) {
      changed = false;
      for (const e of simplifications(parse(cur.text).file)) {
        const cand = withEdit(cur, e);
        if (await holds(cand)) {
          cur = cand;
          changed = true;
          break;
        }
      }
    }
    if (cur.text === before) break;
  }
  cur = tidy(cur);
  const last = (await runner(designs.map((design) => ({ text: cur.text, design, opts: o.budget, ...seen })))).map((s) => (s ? rowOf(s, cur) : undefined));
  runs += designs.length;
  return {
    ...base,
    holds: true,
    text: cur.text,
    line: lineOf(cur.text, cur.target),
    runs,
    statementsAfter: countStatements(parse(cur.text).file),
    linesAfter: cur.text.split('\n').length,
    outcomes: last.map((r, i) => ({ design: designs[i], cell: r?.cell ?? '—' })),
    ...(stopped ? { stoppedEarly: true } : {}),
  };

  /** Zeller's ddmin: a 1-minimal subset of `units` for which `test` holds (test(units) is known to hold). */
  async function ddmin<T>(units: T[], test: (kept: T[]) => Promise<boolean>): Promise<T[]> {
    let cs = units;
    if (!cs.length) return cs;
    if (await test([])) return [];
    let n = 2;
    while (cs.length >= 2 && !stopped) {
      const size = Math.ceil(cs.length / n);
      const chunks: T[][] = [];
      for (let i = 0; i < cs.length; i += size) chunks.push(cs.slice(i, i + size));
      let reduced = false;
      for (const c of chunks) {
        if (c.length < cs.length && (await test(c))) {
          cs = c;
          n = 2;
          reduced = true;
          break;
        }
      }
      if (!reduced && chunks.length > 2) {
        for (const c of chunks) {
          const complement = cs.filter((x) => !c.includes(x));
          if (await test(complement)) {
            cs = complement;
            n = Math.max(n - 1, 2);
            reduced = true;
            break;
          }
        }
      }
      if (!reduced) {
        if (n >= cs.length) break;
        n = Math.min(n * 2, cs.length);
      }
    }
    // 1-minimality for the two-chunk case: try each single removal
    for (let i = 0; i < cs.length && cs.length > 1 && !stopped; ) {
      const without = cs.filter((_, j) => j !== i);
      if (await test(without)) cs = without;
      else i++;
    }
    return cs;
  }
}

/** Drop comment-only lines and runs of blank lines the deletions left (never changes a statement). */
function tidy(st: State): State {
  let text = st.text;
  let target = st.target;
  const lines = text.split('\n');
  const out: string[] = [];
  let off = 0;
  for (const l of lines) {
    const start = off;
    off += l.length + 1;
    const drop = /^\s*\/\/.*$/.test(l) || (l.trim() === '' && (out.length === 0 || out[out.length - 1].trim() === ''));
    if (drop) {
      if (start < st.target) target -= Math.min(l.length + 1, st.target - start);
      continue;
    }
    out.push(l);
  }
  text = out.join('\n');
  return { text, target };
}

