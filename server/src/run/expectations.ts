/**
 * `expect` statements (language.md, statements): ok / error ERRNO / oom / leak / no leak /
 * diagnostic CODE / METRIC OP VALUE, with `under` skipping. They observe the
 * state at the point they appear (or at the budget cut) and the outcome and
 * diagnostics of the statement or declaration before them.
 */
import { Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { CompareOp, Expectation, ExpectStmt, Metric } from '../model/ir';
import { isNode } from '../mm/extents';
import { PAGE_SIZE } from '../mm/gfp';
import { Mm } from '../mm/machine';
import { ExecContext, pageRange, resolveNode, resolveTarget } from './context';
import { describeOutcome, ExpectationResult, Outcome } from '../mm/result';

export interface Subject {
  span: Span;
  outcome?: Outcome;
}

function cmp(a: number, op: CompareOp, b: number): boolean {
  const eps = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  switch (op) {
    case '==':
      return Math.abs(a - b) <= eps;
    case '!=':
      return Math.abs(a - b) > eps;
    case '<':
      return a < b - eps;
    case '<=':
      return a <= b + eps;
    case '>':
      return a > b + eps;
    case '>=':
      return a >= b - eps;
  }
}

/**
 * The outcome observed, in words; a subject without one is a declaration or (at top level) a
 * block: neither returns anything to succeed or fail, only statements do.
 */
function fmtOutcome(subject: Subject | undefined): string {
  if (subject?.outcome) return describeOutcome(subject.outcome, 'full');
  return subject ? 'no outcome: the line it observes is a declaration or a block, not a statement' : 'no statement before';
}

const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

/** value of a metric, in the unit of the expectation, and a description */
export function metricValue(mm: Mm, ctx: ExecContext, metric: Metric, unit: 'count' | 'percent' | 'bytes'): { value: number; text: string } | { error: string } {
  switch (metric.name) {
    case 'pages': {
      const node = resolveNode(ctx, metric.node);
      const t = resolveTarget(mm, ctx, metric.target.name, metric.target.scope);
      // inside a block, another scope's variable is shown as written (`b.y`); a top-level expect's as before (`y`)
      const own = ctx.block === 'kernel' ? 'kernel' : ctx.task?.name;
      const shown = ctx.block !== 'top' && metric.target.scope && metric.target.scope !== own ? `${metric.target.scope}.${metric.target.name}` : metric.target.name;
      if (!t) return { error: `no mapping or allocation named ${shown}` };
      let count: number;
      let total: number;
      if (t.kind === 'mapping') {
        const r = pageRange(t.mapping, metric.target.sel);
        count = t.mapping.set.countOn(node, r.a, r.b);
        total = r.b - r.a;
      } else {
        count = t.handle.pagesByNode.get(node) ?? 0;
        total = t.handle.requested;
      }
      const share = total > 0 ? count / total : 0;
      const label = `pages(${shown}${selText(metric.target.sel)}, ${node})`;
      if (unit === 'percent') return { value: share, text: `${label} = ${pct(share)} (${count} of ${total})` };
      if (unit === 'bytes') return { value: count * PAGE_SIZE, text: `${label} = ${count * PAGE_SIZE} bytes (${count} pages)` };
      return { value: count, text: `${label} = ${count} (${pct(share)} of ${total})` };
    }
    case 'status': {
      const t = resolveTarget(mm, ctx, metric.target.name, metric.target.scope);
      if (!t || t.kind !== 'mapping') return { error: `no mapping named ${metric.target.name}` };
      const r = pageRange(t.mapping, metric.target.sel);
      const key = 'errno' in metric.status ? `-${metric.status.errno}` : String(resolveNode(ctx, metric.status.node));
      const q = t.mapping.pageStatus;
      // the query keeps counts per status, not per page: an expectation reads them for the range it queried
      const count = q && q.a === r.a && q.b === r.b ? q.status.get(key) ?? 0 : 0;
      const total = r.b - r.a;
      const share = total > 0 ? count / total : 0;
      const label = `status(${metric.target.name}${selText(metric.target.sel)}, ${key.replace(/^-/, '')})`;
      if (!q || q.a !== r.a || q.b !== r.b) return { value: 0, text: `${label}: no move_pages query of this range before (0)` };
      if (unit === 'percent') return { value: share, text: `${label} = ${pct(share)} (${count} of ${total})` };
      return { value: count, text: `${label} = ${count} (${pct(share)} of ${total})` };
    }
    case 'used':
    case 'free': {
      const nid = resolveNode(ctx, metric.node);
      const n = mm.node(nid);
      const pages = !n ? 0 : metric.name === 'used' ? n.used + n.deferred : Math.max(0, mm.freeOf(n));
      const cap = n?.present ?? 0;
      const label = `${metric.name}(${nid})`;
      if (unit === 'bytes') return { value: pages * PAGE_SIZE, text: `${label} = ${pages * PAGE_SIZE} bytes (${pages} pages)` };
      if (unit === 'percent') return { value: cap ? pages / cap : 0, text: `${label} = ${pct(cap ? pages / cap : 0)} (${pages} of ${cap} pages)` };
      return { value: pages, text: `${label} = ${pages} pages` };
    }
    case 'media_used': {
      const nid = resolveNode(ctx, metric.node);
      const n = mm.node(nid);
      const s = n?.service;
      const bytes = s?.report?.(nid).mediaUsedBytes ?? s?.media?.usedBytes(nid) ?? 0;
      const cap = s?.report?.(nid).mediaCapacityBytes ?? s?.media?.capacityBytes(nid) ?? n?.decl?.mediaBytes ?? 0;
      if (unit === 'percent') return { value: cap ? bytes / cap : 0, text: `media_used(${nid}) = ${pct(cap ? bytes / cap : 0)} (${bytes} of ${cap} bytes)` };
      return { value: bytes, text: `media_used(${nid}) = ${bytes} bytes` };
    }
    case 'open': {
      const nid = resolveNode(ctx, metric.node);
      const s = mm.node(nid)?.service;
      const open = s?.isOpen?.(nid) ?? s?.report?.(nid).open ?? !s?.migrationBlocked?.(nid);
      return { value: open ? 1 : 0, text: `open(${nid}) = ${open ? 1 : 0}` };
    }
    case 'pressure': {
      const nid = resolveNode(ctx, metric.node);
      const s = mm.node(nid)?.service;
      const p = s?.pressure?.(nid) ?? s?.report?.(nid).pressure ?? 0;
      return { value: p, text: `pressure(${nid}) = ${p}` };
    }
    case 'stat': {
      const v = mm.stat.get(metric.stat);
      if (v === undefined) return { value: 0, text: `stat(${metric.stat}) = 0 (not a counter this emulator keeps)` };
      return { value: v, text: `stat(${metric.stat}) = ${v}` };
    }
  }
}

function size(n: number): string {
  for (const [u, v] of [['G', 1 << 30], ['M', 1 << 20], ['K', 1 << 10]] as const) if (n >= v && n % v === 0) return `${n / v}${u}`;
  return String(n);
}

function selText(sel: Extract<Metric, { name: 'pages' }>['target']['sel']): string {
  switch (sel.kind) {
    case 'whole':
      return '';
    case 'page':
      return `[${size(sel.offset)}]`;
    case 'bytes':
      return `[${size(sel.start)}:${size(sel.end)}]`;
    case 'percent':
      return `[${Math.round(sel.start * 100)}%:${Math.round(sel.end * 100)}%]`;
  }
}

function inside(d: Diagnostic, s: Span): boolean {
  return d.span.start >= s.start && d.span.end <= s.end;
}

/**
 * Check one expectation under the running design. `own` is the file's own design: an expectation
 * without `under` binds only there; elsewhere it is evaluated and marked not binding (the one
 * expectation rule, run/result.ts).
 */
export function checkExpectation(
  mm: Mm,
  ctx: ExecContext,
  stmt: ExpectStmt,
  subject: Subject | undefined,
  diagnostics: () => Diagnostic[],
  own: string,
): ExpectationResult {
  if (stmt.under && !stmt.under.includes(mm.design.name)) return { span: stmt.span, text: stmt.text, passed: true, skipped: true };
  const r = evaluate(mm, ctx, stmt, subject, diagnostics);
  if (!stmt.under && mm.design.name !== own) r.notBinding = true;
  return r;
}

/**
 * The forms `evaluate` checks against the statement before them (its subject: its outcome, or the
 * diagnostics inside it); the others read the machine. The editor's hover says which statement
 * these observe (analysis/hover.ts).
 */
export const SUBJECT_FORMS: ReadonlySet<Expectation['form']> = new Set(['ok', 'error', 'oom', 'diagnostic']);

function evaluate(mm: Mm, ctx: ExecContext, stmt: ExpectStmt, subject: Subject | undefined, diagnostics: () => Diagnostic[]): ExpectationResult {
  // one literal per result, not a spread of a `base` object: the spread was most of an expectation's cost
  const span = stmt.span;
  const text = stmt.text;
  const e = stmt.expectation;
  switch (e.form) {
    case 'ok': {
      const ok = subject?.outcome?.kind === 'ok';
      return { span, text, passed: ok, actual: fmtOutcome(subject) };
    }
    case 'error': {
      const o = subject?.outcome;
      const ok = o?.kind === 'error' && o.errno === e.errno;
      return { span, text, passed: ok, actual: fmtOutcome(subject) };
    }
    case 'oom': {
      const o = subject?.outcome;
      return { span, text, passed: o?.kind === 'oom', actual: fmtOutcome(subject) };
    }
    case 'leak': {
      const pages = mm.leaks.reduce((s, l) => s + l.pages, 0);
      const has = mm.leaks.length > 0;
      const actual = has ? `${pages} page(s) leaked into private nodes (first: ${mm.leaks[0].owner} via ${mm.leaks[0].path} on node ${mm.leaks[0].node})` : 'no leak';
      return { span, text, passed: e.negated ? !has : has, actual };
    }
    case 'diagnostic': {
      const s = stmt.subject ?? subject?.span;
      if (!s) return { span, text, passed: false, actual: 'no statement or declaration before this expect' };
      const found = diagnostics().filter((d) => inside(d, s));
      const ok = found.some((d) => d.code === e.code);
      return { span, text, passed: ok, actual: found.length ? `diagnostics: ${[...new Set(found.map((d) => d.code))].join(', ')}` : 'no diagnostic' };
    }
    case 'metric': {
      const v = metricValue(mm, ctx, e.metric, e.unit);
      if ('error' in v) return { span, text, passed: false, actual: v.error };
      return { span, text, passed: cmp(v.value, e.op, e.value), actual: v.text };
    }
  }
}

export { isNode };
