import { Span } from '../../common/span';
import * as ast from '../../syntax/ast';
import * as ir from '../ir';
import { KERNEL_SCOPE } from '../scope';
import { didYouMean } from '../suggest';
import { blockWords, CALL_TABLE, callAllowedIn, CALLS, CallSpec, isStatementCall } from '../../vocab/calls';
import { NODE_STATE_TABLE } from '../../vocab/nodekinds';
import { matchArgs } from './args';
import { Args, buildCall } from './calls';
import { BlockContext, LowerContext } from './context';
import { lowerErrorLine, lowerExpectStmt } from './expect';
import { describeExpr, Values } from './values';

/** Statements inside blocks (language.md, statements): calls, writes, loops, expectations. */

const STATEMENT_SPECS: ReadonlySet<CallSpec> = new Set(CALLS.filter(isStatementCall));
const STATEMENT_CALLS = [...STATEMENT_SPECS].map((c) => c.name);

export function lowerBody(ctx: LowerContext, stmts: ast.Stmt[], where: BlockContext): ir.Stmt[] {
  const out: ir.Stmt[] = [];
  let previous: Span | undefined;
  for (const s of stmts) {
    // the static budget: past it nothing more is lowered (one diagnostic, where it stopped)
    if (!ctx.step(s.span)) break;
    const lowered = lowerStmt(ctx, s, where, previous);
    if (lowered) out.push(lowered);
    // consecutive expectations all observe the last statement that ran
    if (s.kind !== 'Expect') previous = s.span;
  }
  return out;
}

function errorStmt(span: Span, cause: ir.ErrorStmt['cause'] = 'syntax'): ir.ErrorStmt {
  return { kind: 'error', span, cause };
}

function orError(ctx: LowerContext, span: Span, s: ir.Stmt | undefined): ir.Stmt {
  if (ctx.hasSyntaxErrorIn(span)) return errorStmt(span, 'syntax');
  return s ?? errorStmt(span, 'invalid');
}

export function lowerStmt(ctx: LowerContext, s: ast.Stmt, where: BlockContext, previous: Span | undefined): ir.Stmt {
  switch (s.kind) {
    case 'Error':
      return lowerErrorLine(ctx, s.span);
    // a line with a syntax error is still checked, but runs as an ErrorStmt
    case 'Expect':
      return lowerExpectStmt(ctx, s, where, previous);
    case 'CallStmt':
      return orError(ctx, s.span, lowerCallStmt(ctx, s, where));
    case 'PokeStmt':
      return orError(ctx, s.span, lowerPoke(ctx, s, where));
    case 'ForEach':
      return lowerForEach(ctx, s, where) ?? errorStmt(s.span, ctx.hasSyntaxErrorIn(s.span) ? 'syntax' : 'invalid');
    case 'Repeat':
      return lowerRepeat(ctx, s, where) ?? errorStmt(s.span, ctx.hasSyntaxErrorIn(s.span) ? 'syntax' : 'invalid');
    case 'Scope':
      return lowerScope(ctx, s, where) ?? errorStmt(s.span, ctx.hasSyntaxErrorIn(s.span) ? 'syntax' : 'invalid');
  }
}

function lowerCallStmt(ctx: LowerContext, s: ast.CallStmt, where: BlockContext): ir.CallStmt | undefined {
  const name = s.call.callee.name;
  const spec = CALL_TABLE.get(name);
  if (!spec || !STATEMENT_SPECS.has(spec)) {
    const { text, suggestion } = didYouMean(name, STATEMENT_CALLS);
    const what = spec ? `\`${name}\` is an expectation metric, not a statement (write \`expect ${name}(...) == VALUE\`)` : `unknown call \`${name}\`${text}`;
    ctx.report('unknown-name', s.call.callee.span, what, { data: suggestion && !spec ? { suggestion } : undefined });
    return undefined;
  }
  const blockOk = where.kind !== 'top' && where.kind !== 'driver' && callAllowedIn(spec, where.kind, where.driver !== undefined);
  if (!blockOk) {
    const here = where.driver !== undefined ? 'driver' : where.kind;
    ctx.report('invalid-argument', s.call.callee.span, `\`${name}\` belongs in ${blockWords(spec)}, not in a ${here} block`, {
      data: { allowed: spec.blocks },
    });
  }
  const matched = matchArgs(ctx, s.call, spec);
  const args = new Args(new Values(ctx, where), matched, ctx, s.call);
  const call = buildCall(spec, args);
  // the assignment binds even when the call is broken, so later uses are not reported twice
  let assign: ir.CallStmt['assign'];
  if (s.assign) {
    assign = { name: s.assign.name, span: s.assign.span };
    bindResult(ctx, s, spec, where, call);
  }
  if (!call || !blockOk) return undefined;
  const out: ir.CallStmt = { kind: 'call', call, span: s.span };
  if (assign) out.assign = assign;
  return out;
}

function bindResult(ctx: LowerContext, s: ast.CallStmt, spec: CallSpec, where: BlockContext, call: ir.Call | undefined): void {
  const id = s.assign!;
  if (!spec.returns) {
    ctx.report('invalid-argument', id.span, `\`${spec.name}\` returns nothing to assign to \`${id.name}\``);
    return;
  }
  if (!where.scope) {
    ctx.report('invalid-argument', id.span, 'device blocks cannot assign variables');
    return;
  }
  if (where.loopVars.includes(id.name)) {
    ctx.report('invalid-argument', id.span, `\`${id.name}\` is the loop variable; assign the result to another name`);
    return;
  }
  const size = call && (call.op === 'mmap' || call.op === 'malloc') ? call.size : undefined;
  ctx.define(where.scope, id.name, spec.returns, id.span, size);
}

function lowerPoke(ctx: LowerContext, s: ast.PokeStmt, where: BlockContext): ir.CallStmt | undefined {
  if (where.kind !== 'task') {
    ctx.report('invalid-argument', s.target.span, `\`${s.target.base.name}[...] = VALUE\` writes user memory: it belongs in a task block, not in a ${where.kind} block`);
    return undefined;
  }
  const v = new Values(ctx, where);
  if (s.target.slice) {
    ctx.report('invalid-argument', s.target.span, '`V[OFFSET] = VALUE` writes one byte: give one offset, not a range');
    return undefined;
  }
  const range = v.range(s.target, 'mapping');
  let value: number | undefined;
  if (s.value.kind === 'Number' && s.value.numKind === 'int') {
    if (s.value.value > 255) ctx.report('invalid-argument', s.value.span, `a byte holds 0..255, got ${s.value.value}`);
    else value = s.value.value;
  } else if (s.value.kind !== 'Missing') ctx.report('invalid-argument', s.value.span, `the value written is a byte (0..255), got ${describeExpr(s.value)}`);
  if (!range || value === undefined) return undefined;
  return { kind: 'call', call: { op: 'poke', range, value }, span: s.span };
}

const ITER: Record<string, ir.ForEachStmt['iter']> = { for_each_node: 'node', for_each_online_node: 'online_node', for_each_node_state: 'node_state' };
const STATES = ['N_MEMORY', 'N_MEMORY_PRIVATE', 'N_CPU', 'N_ONLINE', 'N_POSSIBLE'] as const;

function lowerForEach(ctx: LowerContext, s: ast.ForEachStmt, where: BlockContext): ir.ForEachStmt | undefined {
  let ok = true;
  if (where.kind === 'device') {
    ctx.report('invalid-argument', s.macro.span, `\`${s.macro.name}\` belongs in a kernel or task block, not in a device block`);
    ok = false;
  }
  let state: ir.ForEachStmt['state'];
  if (s.state) {
    if (s.state.kind === 'Ident' && NODE_STATE_TABLE.has(s.state.name)) state = s.state.name as ir.ForEachStmt['state'];
    else {
      const name = s.state.kind === 'Ident' ? s.state.name : '';
      const { text, suggestion } = didYouMean(name, STATES);
      ctx.report('invalid-argument', s.state.span, `expected a node state (${STATES.join(', ')}), got ${describeExpr(s.state)}${text}`, { data: suggestion ? { suggestion } : undefined });
      ok = false;
    }
  } else if (s.macro.name === 'for_each_node_state') ok = false;
  if (s.variable.kind !== 'Ident') ok = false;
  const varName = s.variable.kind === 'Ident' ? s.variable.name : '';
  const inner: BlockContext = { ...where, loopVars: varName ? [...where.loopVars, varName] : where.loopVars };
  const bodyStmts = !s.body ? [] : s.body.kind === 'Block' ? s.body.stmts : [s.body];
  const body = lowerBody(ctx, bodyStmts, inner);
  if (!s.body) ok = false;
  if (!ok) return undefined;
  const out: ir.ForEachStmt = { kind: 'for_each', iter: ITER[s.macro.name], var: varName, body, span: s.span };
  if (state) out.state = state;
  return out;
}

function lowerRepeat(ctx: LowerContext, s: ast.RepeatStmt, where: BlockContext): ir.RepeatStmt | undefined {
  const v = new Values(ctx, where);
  const count = s.count.kind === 'Missing' ? undefined : v.count(s.count, 'the repeat count');
  const body = lowerBody(ctx, s.body?.stmts ?? [], where);
  if (count === undefined || !s.body) return undefined;
  return { kind: 'repeat', count, body, span: s.span };
}

/** `memalloc_private { }`, `memalloc_folio { }`, `interrupt { }`: kernel-context scopes. */
function lowerScope(ctx: LowerContext, s: ast.ScopeStmt, where: BlockContext): ir.ScopeStmt | undefined {
  const body = lowerBody(ctx, s.body?.stmts ?? [], where);
  const scope = s.keyword.name as ir.ScopeStmt['scope'];
  if (where.kind !== 'kernel') {
    ctx.report('invalid-argument', s.keyword.span, `\`${scope}\` is kernel context: it belongs in a kernel or driver block, not in a ${where.kind} block`);
    return undefined;
  }
  if (!s.body) return undefined;
  return { kind: 'scope', scope, body, span: s.span };
}

/** The scope of a block: the task's name, or the shared kernel scope. */
export function blockContext(kind: 'task' | 'kernel' | 'device', name?: string, deviceNode?: number, driver?: string): BlockContext {
  if (kind === 'task') return { kind, scope: name, loopVars: [] };
  if (kind === 'kernel') return driver !== undefined ? { kind, scope: KERNEL_SCOPE, loopVars: [], driver } : { kind, scope: KERNEL_SCOPE, loopVars: [] };
  return { kind, loopVars: [], deviceNode };
}
