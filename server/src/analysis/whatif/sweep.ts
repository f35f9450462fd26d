/**
 * Sweeps (`mmlab sweep FILE --set NAME=V1,V2,…` or `--set NAME=LO..HI[:STEP]`): the same scenario
 * for each value of one knob, under each design, with the outcome table and the values where a
 * row's outcome flips. A knob is named by a `param NAME = VALUE` of the file (its value is
 * swept; a param wins over a path of the same spelling) or by path:
 *   node.N.size | node.N.media | node.N.ratio | node.N.watermarks.low | node.N.watermarks.high
 *   sysctl.KEY (or just KEY, e.g. vm.overcommit_ratio)     swap
 *   line.L.ARG (an argument of the call on line L by parameter name: size, count, order, …)
 *   line.L.repeat (the count of the `repeat` on line L)
 * Each value is a text edit at the knob's span, so every point of the sweep is a printable file.
 */
import { DesignName } from '../../model/ir';
import { CallStmt, Expr, NodeDecl, ParamDecl, SourceFile, Stmt } from '../../syntax/ast';
import { AnalysisOptions, analyzeStatic, workspaceDesigns } from '../analyze';
import { argParams } from '../argRoles';
import { AnyNode, walkNodes } from '../tree';
import { applyEdits, Edit, sizeLiteral } from './edits';
import { NodeUse, Runner, RunSummary } from './summary';

export interface SweepSpec {
  path: string;
  values: string[];
}

export class SweepError extends Error {}

const MAX_VALUES = 200;
const SIZE = /^(\d+(?:\.\d+)?)\s*([KMGT])(?:i?B)?$/i;
const UNIT: Record<string, number> = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** `NAME=V1,V2,…` or `NAME=LO..HI[:STEP]`; a range without STEP takes 8 evenly spaced values (integers 1 apart when there are at most 64). */
export function parseSet(arg: string): SweepSpec {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new SweepError(`--set needs NAME=VALUES, got '${arg}'`);
  const path = arg.slice(0, eq).trim();
  const rhs = arg.slice(eq + 1).trim();
  const range = /^([^.,]+(?:\.\d+)?)\.\.([^:,]+)(?::(.+))?$/.exec(rhs);
  const values = range ? rangeValues(range[1], range[2], range[3]) : rhs.split(',').map((v) => v.trim()).filter(Boolean);
  if (!values.length) throw new SweepError(`--set ${path}: no values`);
  if (values.length > MAX_VALUES) throw new SweepError(`--set ${path}: ${values.length} values (at most ${MAX_VALUES})`);
  return { path, values };
}

function quantity(s: string): { n: number; kind: 'size' | 'percent' | 'number' } {
  const m = SIZE.exec(s.trim());
  if (m) return { n: Number(m[1]) * UNIT[m[2].toUpperCase()], kind: 'size' };
  if (/^\d+(\.\d+)?%$/.test(s.trim())) return { n: Number(s.trim().slice(0, -1)), kind: 'percent' };
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw new SweepError(`not a number or size: '${s}'`);
  return { n, kind: 'number' };
}

function rangeValues(lo: string, hi: string, step?: string): string[] {
  const a = quantity(lo);
  const b = quantity(hi);
  if (a.kind !== b.kind) throw new SweepError(`range ${lo}..${hi}: both ends need the same kind of value`);
  if (b.n < a.n) throw new SweepError(`range ${lo}..${hi}: the end is below the start`);
  const fmt = (n: number) => (a.kind === 'size' ? sizeLiteral(Math.round(n / 4096) * 4096) : a.kind === 'percent' ? `${round(n)}%` : String(round(n)));
  let s: number;
  if (step !== undefined) {
    const q = quantity(step);
    if (q.kind !== a.kind || q.n <= 0) throw new SweepError(`range step '${step}' must be a positive value of the same kind as ${lo}`);
    s = q.n;
  } else if (a.kind === 'number' && Number.isInteger(a.n) && Number.isInteger(b.n) && b.n - a.n <= 64) s = 1;
  else s = (b.n - a.n) / 7 || 1;
  const out: string[] = [];
  for (let x = a.n; x <= b.n + s * 1e-9 && out.length <= MAX_VALUES; x += s) out.push(fmt(x));
  return [...new Set(out)];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The span a value replaces (or the insertion a value needs) for `path` in the file. */
export function knobEdit(text: string, file: SourceFile, lineOf: (o: number) => number, path: string): (value: string) => Edit {
  const p = path.split('.');
  const nodes = file.items.filter((i): i is NodeDecl => i.kind === 'NodeDecl');
  const lastDecl = [...file.items].reverse().find((i) => ['NodeDecl', 'Distance', 'Swap', 'Cgroup', 'Sysctl', 'Param', 'Design', 'Scenario'].includes(i.kind));
  const insertAt = lastDecl ? lastDecl.span.end : 0;
  const replace = (e: Expr) => (v: string): Edit => ({ start: e.span.start, end: e.span.end, text: v });
  const params = file.items.filter((i): i is ParamDecl => i.kind === 'Param' && i.name.kind === 'Ident');
  const param = params.find((d) => d.name.kind === 'Ident' && d.name.name === path);
  if (param) return replace(param.value);
  if (p[0] === 'node' && p.length >= 3) {
    const n = nodes.find((x) => x.id.kind === 'Number' && String(x.id.value) === p[1]);
    if (!n) throw new SweepError(`${path}: no node ${p[1]} is declared`);
    if (p[2] === 'size') return replace(n.size);
    const attrName = p[2];
    const attr = n.attrs.find((a) => a.name.name === attrName);
    if (attrName === 'watermarks') {
      const which = p[3];
      if (which !== 'low' && which !== 'high') throw new SweepError(`${path}: watermarks.low or watermarks.high`);
      const arg = attr?.args.find((a) => a.name?.name === which);
      if (!arg) throw new SweepError(`${path}: node ${p[1]} declares no watermarks ${which}=`);
      return replace(arg.value);
    }
    if (attrName !== 'media' && attrName !== 'ratio' && attrName !== 'tier') throw new SweepError(`${path}: a node knob is size, media, ratio, tier or watermarks.low/high`);
    if (attr?.args[0]) return replace(attr.args[0].value);
    return (v) => ({ start: n.span.end, end: n.span.end, text: ` ${attrName} ${v}` });
  }
  if (p[0] === 'swap') {
    const s = file.items.find((i) => i.kind === 'Swap');
    if (s && s.kind === 'Swap') return replace(s.size);
    return (v) => ({ start: insertAt, end: insertAt, text: `\nswap ${v}` });
  }
  if (p[0] === 'line' && p.length === 3) {
    const line = Number(p[1]);
    let stmt: Stmt | undefined;
    walkNodes(file as AnyNode, (x) => {
      if (!stmt && (x.kind === 'CallStmt' || x.kind === 'Repeat') && lineOf(x.span.start) === line) stmt = x as unknown as Stmt;
    });
    if (!stmt) throw new SweepError(`${path}: no call or repeat starts on line ${line}`);
    if (p[2] === 'repeat') {
      if (stmt.kind !== 'Repeat') throw new SweepError(`${path}: line ${line} is not a repeat`);
      return replace(stmt.count);
    }
    if (stmt.kind !== 'CallStmt') throw new SweepError(`${path}: line ${line} is a repeat (use line.${line}.repeat)`);
    const call = (stmt as CallStmt).call;
    const hit = argParams(call).find((a) => a.param?.name === p[2]);
    if (hit) return replace(hit.arg.value);
    if (p[2] === 'count' && call.closed) {
      const end = call.argsSpan.end - 1;
      return (v) => ({ start: end, end, text: `, count=${v}` });
    }
    throw new SweepError(`${path}: ${call.callee.name} on line ${line} has no argument '${p[2]}'`);
  }
  const key = p[0] === 'sysctl' ? p.slice(1).join('.') : path;
  if (key.includes('.')) {
    const s = file.items.find((i) => i.kind === 'Sysctl' && i.key.kind === 'Ident' && i.key.name === key);
    if (s && s.kind === 'Sysctl') return replace(s.value);
    return (v) => ({ start: insertAt, end: insertAt, text: `\nsysctl ${key} = ${v}` });
  }
  const declared = params.length ? `the file declares param ${params.map((d) => (d.name as { name: string }).name).join(', ')}` : 'the file declares no param';
  throw new SweepError(`unknown param '${path}': ${declared} (or name a knob by path: node.N.size|media|ratio|tier|watermarks.low|watermarks.high, sysctl.KEY, swap, line.L.ARG, line.L.repeat)`);
}

export interface SweepPoint {
  value: string;
  design: DesignName;
  summary?: RunSummary;
}

export interface Flip {
  design: DesignName;
  line: number;
  text: string;
  /** the last value with the old outcome and the first with the new one */
  from: { value: string; cell: string };
  to: { value: string; cell: string };
}

export interface SweepResult {
  path: string;
  values: string[];
  designs: DesignName[];
  points: SweepPoint[];
  /** per design, every change of a row's outcome between consecutive values (verdict flips have line 0) */
  flips: Flip[];
  /** the files of each value are valid (no syntax or name error) */
  invalid: string[];
}

export interface SweepOptions {
  designs: readonly DesignName[];
  /** the text of the workspace's designs.mmlab the file sees */
  workspace?: string;
  budget?: Pick<AnalysisOptions, 'maxSteps' | 'maxMs'>;
  progress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
}

export function sweepTexts(text: string, spec: SweepSpec, workspace?: string): string[] {
  const stat = analyzeStatic(text, workspace === undefined ? {} : { workspace: workspaceDesigns(workspace) });
  const edit = knobEdit(text, stat.parse.file, (o) => stat.lineIndex.positionAt(o).line + 1, spec.path);
  return spec.values.map((v) => applyEdits(text, [edit(v)]));
}

export async function sweep(text: string, spec: SweepSpec, o: SweepOptions, runner: Runner): Promise<SweepResult> {
  const texts = sweepTexts(text, spec, o.workspace);
  const seen = o.workspace === undefined ? {} : { workspace: o.workspace };
  const jobs = texts.flatMap((t) => o.designs.map((design) => ({ text: t, design, opts: o.budget, ...seen })));
  const res = await runner(jobs, o.progress, o.isCancelled);
  const points: SweepPoint[] = [];
  spec.values.forEach((value, i) => o.designs.forEach((design, j) => points.push({ value, design, summary: res[i * o.designs.length + j] })));
  const invalid = spec.values.filter((_, i) => res.slice(i * o.designs.length, (i + 1) * o.designs.length).some((s) => s && s.staticErrors > 0));
  const flips: Flip[] = [];
  for (const design of o.designs) {
    const series = points.filter((p) => p.design === design && p.summary && p.summary.staticErrors === 0);
    for (let i = 1; i < series.length; i++) {
      const a = series[i - 1];
      const b = series[i];
      if (a.summary!.verdict !== b.summary!.verdict) {
        flips.push({ design, line: 0, text: 'verdict', from: { value: a.value, cell: a.summary!.verdict }, to: { value: b.value, cell: b.summary!.verdict } });
      }
      a.summary!.rows.forEach((r, k) => {
        const q = b.summary!.rows[k];
        if (q && r.line === q.line && r.outcome !== q.outcome) flips.push({ design, line: r.line, text: r.text, from: { value: a.value, cell: r.cell }, to: { value: b.value, cell: q.cell } });
      });
    }
  }
  return { path: spec.path, values: spec.values, designs: [...o.designs], points, flips, invalid };
}

/** One design's plot data: per value, each node's used pages and media bytes; null where that run did not finish or the file was invalid. */
export interface DesignSeries {
  design: DesignName;
  values: string[];
  nodes: Record<number, { used: (number | null)[]; media: (number | null)[] }>;
}

/**
 * What a plot draws, read once for the CLI's `--json` and the editor's sweep view: per design, per
 * swept value, each node's used pages and media bytes (every node any run reported; 0 where a
 * finished run has none on it).
 */
export function sweepSeries(r: SweepResult): DesignSeries[] {
  const ids = [...new Set(r.points.flatMap((p) => p.summary?.nodes.map((n) => n.id) ?? []))].sort((a, b) => a - b);
  const at = new Map(r.points.map((p) => [`${p.design}\0${p.value}`, p]));
  return r.designs.map((design) => {
    const nodes: DesignSeries['nodes'] = {};
    for (const id of ids) nodes[id] = { used: [], media: [] };
    for (const value of r.values) {
      const s = at.get(`${design}\0${value}`)?.summary;
      const done = s && !s.staticErrors ? s : undefined;
      for (const id of ids) {
        const n: NodeUse | undefined = done?.nodes.find((x) => x.id === id);
        nodes[id].used.push(done ? (n?.usedPages ?? 0) : null);
        nodes[id].media.push(done ? (n?.mediaUsedBytes ?? 0) : null);
      }
    }
    return { design, values: [...r.values], nodes };
  });
}
