/**
 * Quick fixes where the cause is clear:
 * - a misspelt name: the diagnostic's data.suggestion;
 * - ops-rejected: add the required NP_OPS flag / callback, drop the conflicting flag
 *   (data.problems from model/checks/ops.ts);
 * - a node that lacks the NP_OPS flag a refused operation needed: add it to the node
 *   (data.node + data.missingFlag, else the NP_OPS name in the message);
 * - cpuset-rebind / private-policy: add MPOL_F_STATIC_NODES to the policy's mode;
 * - a kernel allocation reaching (or aimed at) a private node without __GFP_PRIVATE:
 *   add __GFP_PRIVATE, or use GFP_PRIVATE;
 * - absent-node: declare the missing node.
 */
import { Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { NodeDecl as IrNode } from '../model/ir';
import { CRAM_OPS, NP_OPS, NP_OPS_TABLE, npOpsName } from '../vocab/npops';
import { Arg, CallExpr, CallStmt, Expr, NodeDecl, SourceFile } from '../syntax/ast';
import { argParams } from './argRoles';
import { FeatureContext, TextEditData } from './context';
import { AnyNode, pathAt } from './tree';

export interface CodeActionData {
  title: string;
  edits: TextEditData[];
  diagnostic?: Diagnostic;
  preferred?: boolean;
}

const ALLOC_CALLS = new Set(['alloc_pages_node', 'alloc_pages', 'kmalloc_node', 'kvzalloc_node']);
const POLICY_CALLS = new Set(['mbind', 'set_mempolicy']);
const NEEDS_FLAG_CODES = new Set(['syscall-error', 'migration-refused', 'service-skipped', 'pin-private', 'unplug-blocked', 'private-policy', 'alloc-failed']);

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function codeActions(ctx: FeatureContext, range: Span): CodeActionData[] {
  const out: CodeActionData[] = [];
  const seen = new Set<string>();
  const add = (a: CodeActionData) => {
    const key = `${a.title}|${a.edits.map((e) => `${e.span.start}:${e.newText}`).join(',')}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(a);
    }
  };
  for (const d of ctx.diagnostics) {
    if (!overlaps(d.span, range)) continue;
    for (const a of fixesFor(ctx, d)) add({ ...a, diagnostic: d });
  }
  return out;
}

function fixesFor(ctx: FeatureContext, d: Diagnostic): Omit<CodeActionData, 'diagnostic'>[] {
  const out: Omit<CodeActionData, 'diagnostic'>[] = [];
  const file = ctx.stat.parse.file;
  const data = d.data ?? {};
  const suggestion = typeof data.suggestion === 'string' ? data.suggestion : undefined;
  if (suggestion) out.push({ title: `Change to \`${suggestion}\``, edits: [{ span: d.span, newText: suggestion }], preferred: true });

  if (d.code === 'absent-node' && typeof data.node === 'number') {
    const e = declareNode(ctx, file, data.node);
    if (e) out.push({ title: `Declare node ${data.node}`, edits: [e], preferred: true });
  }

  if (d.code === 'ops-rejected' && typeof data.node === 'number' && Array.isArray(data.problems)) {
    for (const p of data.problems as { addFlag?: string; removeFlag?: string; addCallback?: string }[]) {
      if (p.addFlag) {
        const e = addNodeFlag(ctx, file, data.node, p.addFlag);
        if (e) out.push({ title: `Add ${short(p.addFlag)} to node ${data.node}'s ops`, edits: [e], preferred: true });
      }
      if (p.removeFlag) {
        const e = removeNodeFlag(ctx, file, data.node, p.removeFlag);
        if (e) out.push({ title: `Remove ${short(p.removeFlag)} from node ${data.node}'s ops`, edits: [e] });
      }
      if (p.addCallback) {
        const e = addCallback(ctx, file, data.node, p.addCallback);
        if (e) out.push({ title: `Add the \`${p.addCallback}\` callback to node ${data.node}`, edits: [e] });
      }
    }
  }

  if (NEEDS_FLAG_CODES.has(d.code)) {
    const node = typeof data.node === 'number' ? data.node : numberIn(/\bnode (\d+)/.exec(d.message));
    const flagName = typeof data.missingFlag === 'string' ? data.missingFlag : /\bNP_OPS_[A-Z_]+/.exec(d.message)?.[0];
    if (node !== undefined && flagName && NP_OPS_TABLE.has(npOpsName(flagName))) {
      const decl = irNode(ctx, node);
      const bit = NP_OPS_TABLE.get(npOpsName(flagName))!.value;
      const current = decl?.ops ?? (decl?.kind === 'cram' ? CRAM_OPS : 0);
      if (decl && (decl.private || decl.kind === 'cram') && (current & bit) !== bit) {
        const e = addNodeFlag(ctx, file, node, npOpsName(flagName));
        if (e) out.push({ title: `Add ${short(flagName)} to node ${node}'s ops`, edits: [e], preferred: true });
      }
    }
  }

  if (d.code === 'cpuset-rebind' || d.code === 'private-policy') {
    const spans = [d.span, ...(d.related ?? []).map((r) => r.span)];
    if (data.policySpan && typeof data.policySpan === 'object') spans.push(data.policySpan as Span);
    for (const s of spans) {
      const call = enclosingCall(file, s.start, POLICY_CALLS);
      if (!call) continue;
      const e = addStaticNodes(ctx, call);
      if (e) {
        out.push({ title: 'Add MPOL_F_STATIC_NODES to the policy mode', edits: [e], preferred: true });
        break;
      }
    }
  }

  if (['private-leak', 'alloc-failed', 'gfp-private-oom'].includes(d.code)) {
    const call = enclosingCall(file, d.span.start, ALLOC_CALLS);
    if (call) out.push(...gfpFixes(ctx, call, d.code === 'private-leak'));
  }
  return out;
}

function short(flag: string): string {
  return flag.replace(/^NP_OPS_/, '');
}

function numberIn(m: RegExpExecArray | null): number | undefined {
  return m ? Number(m[1]) : undefined;
}

function irNode(ctx: FeatureContext, id: number): IrNode | undefined {
  return ctx.stat.program.machine.nodes.find((n) => n.id === id);
}

function astNode(file: SourceFile, id: number): NodeDecl | undefined {
  return file.items.find((i): i is NodeDecl => i.kind === 'NodeDecl' && i.id.kind === 'Number' && i.id.value === id);
}

function enclosingCall(file: SourceFile, offset: number, names: Set<string>): CallExpr | undefined {
  const path = pathAt(file as AnyNode, offset);
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i];
    if (n.kind === 'CallStmt' && names.has((n as unknown as CallStmt).call.callee.name)) return (n as unknown as CallStmt).call;
    if (n.kind === 'Call' && names.has((n as unknown as CallExpr).callee.name)) return n as unknown as CallExpr;
  }
  return undefined;
}

function declareNode(ctx: FeatureContext, file: SourceFile, id: number): TextEditData | undefined {
  const nodes = file.items.filter((i) => i.kind === 'NodeDecl');
  const text = ctx.stat.text;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const anchor = nodes[nodes.length - 1] ?? file.items.find((i) => i.kind === 'Design') ?? file.items.find((i) => i.kind === 'Scenario');
  if (!anchor) return { span: { start: 0, end: 0 }, newText: `node ${id} dram 1G${eol}` };
  const lineEnd = text.indexOf('\n', anchor.span.end);
  const at = lineEnd < 0 ? text.length : lineEnd + 1;
  return { span: { start: at, end: at }, newText: `${lineEnd < 0 ? eol : ''}node ${id} dram 1G${eol}` };
}

function opsAttr(decl: NodeDecl) {
  return decl.attrs.find((a) => a.name.name === 'ops');
}

/** Adds an NP_OPS flag to a node's `ops` (creating the attribute; a cram node keeps the ops CRAM would register). */
function addNodeFlag(ctx: FeatureContext, file: SourceFile, id: number, flag: string): TextEditData | undefined {
  const decl = astNode(file, id);
  if (!decl) return undefined;
  const name = short(flag);
  const ops = opsAttr(decl);
  if (ops && ops.args.length) {
    const last = ops.args[ops.args.length - 1];
    return { span: { start: last.span.end, end: last.span.end }, newText: ` | ${name}` };
  }
  const ir = irNode(ctx, id);
  let flags = name;
  if (ir?.kind === 'cram' && ir.ops === undefined) {
    const cram = Object.entries(NP_OPS).filter(([, bit]) => (CRAM_OPS & bit) === bit).map(([n]) => short(n));
    flags = [...cram.filter((f) => f !== name), name].join(' | ');
  }
  return { span: { start: decl.span.end, end: decl.span.end }, newText: ` ops ${flags}` };
}

function removeNodeFlag(ctx: FeatureContext, file: SourceFile, id: number, flag: string): TextEditData | undefined {
  const ops = (() => {
    const d = astNode(file, id);
    return d ? opsAttr(d) : undefined;
  })();
  if (!ops || !ops.args.length) return undefined;
  const span = { start: ops.args[0].span.start, end: ops.args[ops.args.length - 1].span.end };
  const text = ctx.stat.text.slice(span.start, span.end);
  const kept = text.split('|').map((s) => s.trim()).filter((s) => s && npOpsName(s) !== npOpsName(flag));
  if (!kept.length) return undefined;
  return { span, newText: kept.join(' | ') };
}

function addCallback(ctx: FeatureContext, file: SourceFile, id: number, cb: string): TextEditData | undefined {
  const decl = astNode(file, id);
  if (!decl) return undefined;
  const attr = decl.attrs.find((a) => a.name.name === 'callbacks');
  if (attr && attr.args.length) {
    const last = attr.args[attr.args.length - 1];
    const inSet = last.value.kind === 'Set';
    if (inSet) {
      const closeAt = last.span.end - 1;
      return { span: { start: closeAt, end: closeAt }, newText: `, ${cb}` };
    }
    return { span: { start: last.span.end, end: last.span.end }, newText: `, ${cb}` };
  }
  void ctx;
  return undefined;
}

function modeArg(call: CallExpr): Arg | undefined {
  return argParams(call).find((x) => x.param?.kind === 'mpol_mode')?.arg;
}

function exprText(ctx: FeatureContext, e: Expr | Arg): string {
  return ctx.stat.text.slice(e.span.start, e.span.end);
}

function addStaticNodes(ctx: FeatureContext, call: CallExpr): TextEditData | undefined {
  const mode = modeArg(call);
  if (!mode || /MPOL_F_STATIC_NODES/.test(exprText(ctx, mode))) return undefined;
  const text = exprText(ctx, mode);
  if (/MPOL_F_RELATIVE_NODES/.test(text)) {
    return { span: mode.span, newText: text.replace(/MPOL_F_RELATIVE_NODES/, 'MPOL_F_STATIC_NODES') };
  }
  return { span: { start: mode.span.end, end: mode.span.end }, newText: ' | MPOL_F_STATIC_NODES' };
}

function gfpFixes(ctx: FeatureContext, call: CallExpr, leak: boolean): Omit<CodeActionData, 'diagnostic'>[] {
  const params = argParams(call);
  const gfp = params.find((x) => x.param?.kind === 'gfp')?.arg;
  if (!gfp) return [];
  const text = exprText(ctx, gfp);
  if (/\b(__GFP_PRIVATE|GFP_PRIVATE)\b/.test(text)) return [];
  const nidArg = params.find((x) => x.param?.kind === 'node')?.arg;
  const nid = nidArg && nidArg.value.kind === 'Number' ? nidArg.value.value : undefined;
  const node = nid !== undefined ? irNode(ctx, nid) : undefined;
  const targetsPrivate = !!node && (node.private || node.kind === 'cram');
  if (!targetsPrivate && !leak) return [];
  const out: Omit<CodeActionData, 'diagnostic'>[] = [];
  if (targetsPrivate) out.push({ title: 'Use GFP_PRIVATE (__GFP_PRIVATE | __GFP_THISNODE)', edits: [{ span: gfp.span, newText: 'GFP_PRIVATE' }], preferred: true });
  out.push({ title: 'Add __GFP_PRIVATE', edits: [{ span: { start: gfp.span.end, end: gfp.span.end }, newText: ' | __GFP_PRIVATE' }], preferred: !targetsPrivate });
  return out;
}
