import { isDiagnosticCode, DIAGNOSTIC_CODES } from '../../common/diagnostics';
import { Span } from '../../common/span';
import * as ast from '../../syntax/ast';
import * as ir from '../ir';
import { didYouMean } from '../suggest';
import { CALL_TABLE, METRIC_NAMES } from '../../vocab/calls';
import { ERRNO_NAMES, ERRNO_TABLE } from '../../vocab/errno';
import { matchArgs } from './args';
import { BlockContext, LowerContext } from './context';
import { describeExpr, Values } from './values';

/**
 * An `expect` line as a statement: the expectation, or (when it has a syntax error or a static
 * error) an ErrorStmt that still carries the line and the reason, so the run reports it as a
 * failed expectation instead of dropping it.
 */
export function lowerExpectStmt(ctx: LowerContext, s: ast.ExpectStmt, where: BlockContext, subject: Span | undefined): ir.ExpectStmt | ir.ErrorStmt {
  const since = ctx.diagnostics.length;
  const e = lowerExpect(ctx, s, where, subject);
  const syntax = ctx.hasSyntaxErrorIn(s.span);
  if (e && !syntax) return e;
  return brokenExpect(ctx, s.span, since, syntax ? 'syntax' : 'invalid');
}

/**
 * A line the parser could not read as anything: when it starts with `expect`, it is still an
 * expectation that failed to evaluate (the run reports it with the parser's reason).
 */
export function lowerErrorLine(ctx: LowerContext, span: Span): ir.ErrorStmt {
  return /^expect\b/.test(ctx.textOf(span).trimStart()) ? brokenExpect(ctx, span, ctx.diagnostics.length, 'syntax') : { kind: 'error', span, cause: 'syntax' };
}

function brokenExpect(ctx: LowerContext, span: Span, since: number, cause: 'syntax' | 'invalid'): ir.ErrorStmt {
  const reasons = ctx.errorsIn(span, since);
  const text = oneLine(ctx.textOf(span));
  return { kind: 'error', span, cause, expect: { text, reason: reasons.join('; ') || 'the expectation is incomplete' } };
}

/**
 * `text` with every run of white space as one space, trimmed: `text.replace(/\s+/g, ' ').trim()`,
 * without running the expression over a line that is already so (printable ASCII, single spaces
 * between words: nearly every expectation).
 */
export function oneLine(text: string): string {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c < 127) continue;
    if (c !== 32 || i === 0 || i === last || text.charCodeAt(i + 1) === 32) return text.replace(/\s+/g, ' ').trim();
  }
  return text;
}

/** `expect FORM [under D1, D2]` (language.md, statements Expectations). */
export function lowerExpect(ctx: LowerContext, s: ast.ExpectStmt, where: BlockContext, subject: Span | undefined): ir.ExpectStmt | undefined {
  const expectation = lowerForm(ctx, s.body, where);
  let under: ir.DesignName[] | undefined;
  let ok = expectation !== undefined;
  if (s.under) {
    under = [];
    for (const d of s.under.designs) {
      if (ctx.designs[d.name]) under.push(d.name);
      else {
        ok = false;
        const names = Object.keys(ctx.designs);
        const { text, suggestion } = didYouMean(d.name, names);
        ctx.report('invalid-argument', d.span, `unknown design \`${d.name}\` after \`under\` (designs: ${names.join(', ')})${text}`, {
          data: suggestion ? { suggestion } : undefined,
        });
      }
    }
    if (!s.under.designs.length) ok = false;
  }
  if (!ok) return undefined;
  const out: ir.ExpectStmt = { kind: 'expect', expectation: expectation!, text: oneLine(ctx.textOf(s.span)), span: s.span };
  if (under) out.under = under;
  if (subject) out.subject = subject;
  return out;
}

function lowerForm(ctx: LowerContext, b: ast.ExpectBody, where: BlockContext): ir.Expectation | undefined {
  switch (b.form) {
    case 'ok':
      return { form: 'ok' };
    case 'oom':
      return { form: 'oom' };
    case 'leak':
      return { form: 'leak', negated: b.negated };
    case 'error': {
      if (b.errno.kind !== 'Ident') return undefined;
      const name = b.errno.name;
      if (ERRNO_TABLE.has(name)) return { form: 'error', errno: name };
      const { text, suggestion } = didYouMean(name, ERRNO_NAMES);
      ctx.report('invalid-argument', b.errno.span, `\`${name}\` is not an errno mmlab knows (${ERRNO_NAMES.join(', ')})${text}`, { data: suggestion ? { suggestion } : undefined });
      return undefined;
    }
    case 'diagnostic': {
      const code = b.code.text;
      if (!code) return undefined;
      if (isDiagnosticCode(code)) return { form: 'diagnostic', code };
      const { text, suggestion } = didYouMean(code, Object.keys(DIAGNOSTIC_CODES));
      ctx.report('invalid-argument', b.code.span, `\`${code}\` is not a diagnostic code${text}`, { data: suggestion ? { suggestion } : undefined });
      return undefined;
    }
    case 'metric':
      return lowerMetric(ctx, b, where);
  }
}

function lowerMetric(ctx: LowerContext, b: Extract<ast.ExpectBody, { form: 'metric' }>, where: BlockContext): ir.Expectation | undefined {
  const name = b.metric.callee.name;
  const spec = CALL_TABLE.get(name);
  if (!spec || !spec.blocks.includes('expect')) {
    const { text, suggestion } = didYouMean(name, METRIC_NAMES);
    ctx.report('invalid-argument', b.metric.callee.span, `\`${name}\` is not an expectation metric (metrics: ${METRIC_NAMES.join(', ')})${text}`, { data: suggestion ? { suggestion } : undefined });
    return undefined;
  }
  const m = matchArgs(ctx, b.metric, spec);
  const v = new Values(ctx, { ...where, observing: true });
  let metric: ir.Metric | undefined;
  const node = m.values.get('node');
  if (name === 'pages') {
    const target = m.values.get('target');
    const t = target && v.range(target, 'either');
    const n = node && v.node(node);
    if (t && n) metric = { name: 'pages', target: t, node: n };
  } else if (name === 'status') {
    const target = m.values.get('range');
    const t = target && v.range(target, 'mapping');
    const st = m.values.get('status');
    // an errno name (ENOENT, EFAULT, ...) or a node
    const s = st?.kind === 'Ident' && ERRNO_TABLE.has(st.name) ? { errno: st.name } : st && v.node(st) ? { node: v.node(st)! } : undefined;
    if (t && s) metric = { name: 'status', target: t, status: s };
  } else if (name === 'stat') {
    const e = m.values.get('name');
    const st = e && v.stat(e);
    if (st) metric = { name: 'stat', stat: st };
  } else {
    const n = node && v.node(node);
    if (n) metric = { name: name as 'used', node: n };
  }
  const value = lowerValue(ctx, b.value, name);
  if (!metric || !m.complete || !value || !b.op.text) return undefined;
  return { form: 'metric', metric, op: b.op.text as ir.CompareOp, value: value.value, unit: value.unit };
}

function lowerValue(ctx: LowerContext, use: ast.Expr, metric: string): { value: number; unit: 'count' | 'percent' | 'bytes' } | undefined {
  // a param compares as its value; a kind that does not fit is reported at the use
  const e = ctx.paramValue(use)?.value ?? use;
  if (e.kind === 'Number') {
    switch (e.numKind) {
      case 'percent':
        if (metric !== 'pages' && metric !== 'status') {
          ctx.report('invalid-argument', e.span, `a percentage compares a share of a range's pages; \`${metric}\` is compared with a number${metric.endsWith('used') || metric === 'free' ? ' or a size' : ''}`);
          return undefined;
        }
        if (e.value < 0 || e.value > 100) {
          ctx.report('invalid-argument', e.span, `${e.text} is out of range: percentages are 0%..100%`);
          return undefined;
        }
        return { value: e.value / 100, unit: 'percent' };
      case 'size':
        if (metric === 'pages' || metric === 'status' || metric === 'open' || metric === 'pressure' || metric === 'stat') {
          ctx.report('invalid-argument', e.span, `\`${metric}\` is a count, not a size: compare it with a number`);
          return undefined;
        }
        return { value: e.value, unit: 'bytes' };
      default:
        return { value: e.value, unit: 'count' };
    }
  }
  if (e.kind !== 'Missing') ctx.report('invalid-argument', e.span, `expected a number, size or percentage to compare with, got ${describeExpr(e)}`);
  return undefined;
}
