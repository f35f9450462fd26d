import { Diagnostic } from '../common/diagnostics';
import { Span } from '../common/span';
import { charge } from '../common/staticBudget';
import * as ast from '../syntax/ast';
import { parse, ParseResult } from '../syntax/parser';
import * as ir from './ir';
import { BlockContext, LowerContext } from './lowering/context';
import { lowerCgroup, lowerDesign, lowerDistance, lowerNode, lowerParam, lowerSysctl } from './lowering/declarations';
import { lowerErrorLine, lowerExpectStmt } from './lowering/expect';
import { blockContext, lowerBody } from './lowering/statements';
import { describeExpr, Values } from './lowering/values';
import { builtinDesigns } from './designs/builtins';
import { lowerDesignDecls } from './designs/lower';

/**
 * Syntax tree -> semantic model (ir.ts) + static diagnostics. Names are resolved
 * (variables per task / the kernel scope, loop variables, cgroups, nodes),
 * flags become bit masks, sizes bytes, percentages fractions. Never throws.
 *
 * `diagnostics` holds the static checks only (sorted by position); the parser's
 * `syntax` diagnostics stay in `parsed.diagnostics`: a caller shows
 * `[...parsed.diagnostics, ...lowered.diagnostics]` (analyzeText does this).
 */
export interface LowerResult {
  program: ir.Program;
  diagnostics: Diagnostic[];
}

export interface LowerOptions {
  /** the designs of the workspace's designs.mmlab (seen by every scenario of the workspace) */
  workspaceDesigns?: Record<ir.DesignName, ir.DesignDef>;
}

export function lower(parsed: ParseResult, opts: LowerOptions = {}): LowerResult {
  const ctx = new LowerContext(parsed.text, parsed.diagnostics);
  const machine: ir.Machine = { nodes: [], distances: [], swapBytes: 0, cgroups: [], sysctls: [] };
  const items = parsed.file.items;
  // Pass 0: design declarations (a `design NAME` line may name one declared further down)
  const visible = { ...builtinDesigns(), ...(opts.workspaceDesigns ?? {}) };
  const declared = lowerDesignDecls(
    parsed.text,
    items.filter((i): i is ast.DesignDecl => i.kind === 'Design' && !!i.body),
    'file',
    visible,
  );
  ctx.diagnostics.push(...declared.diagnostics);
  ctx.designs = { ...visible, ...Object.fromEntries(declared.defs.map((d) => [d.name, d])) };
  const program: ir.Program = { machine, items: [], designs: ctx.designs };

  // Pass 1: params (usable anywhere in the file), then nodes and cgroups, so a use before the
  // declaration can be told from an absent node.
  const lowered = new Set<ast.TopItem>();
  for (const item of items) if (item.kind === 'Param' && lowerParam(ctx, item)) lowered.add(item);
  for (const item of items) {
    if (item.kind === 'NodeDecl') {
      const node = lowerNode(ctx, item);
      if (!node) continue;
      const prev = ctx.nodes.get(node.id);
      if (prev) {
        ctx.report('invalid-argument', item.id.span, `node ${node.id} is declared twice`, { related: [{ span: prev.span, message: `node ${node.id} is first declared here` }] });
        continue;
      }
      ctx.nodes.set(node.id, node);
      machine.nodes.push(node);
      lowered.add(item);
    } else if (item.kind === 'Cgroup') {
      const cg = lowerCgroup(ctx, item);
      if (cg) {
        ctx.cgroups.set(cg.name, cg);
        machine.cgroups.push(cg);
        lowered.add(item);
      }
    }
  }

  // Pass 2: everything else, in file order.
  const tasks = new Map<string, ast.TaskBlock>();
  let scenario: ast.ScenarioDecl | undefined;
  let design: ast.DesignDecl | undefined;
  let swap: ast.SwapDecl | undefined;
  let previous: Span | undefined;
  const top: BlockContext = { kind: 'top', loopVars: [] };
  const distancePairs = new Map<string, ir.DistanceDecl>();
  for (const item of items) {
    if (!ctx.step(item.span)) break;
    switch (item.kind) {
      case 'Scenario':
        if (scenario) ctx.report('invalid-argument', item.span, '`scenario` is given twice', { related: [{ span: scenario.span, message: 'first given here' }] });
        else if (item.title.kind === 'String') {
          scenario = item;
          program.title = item.title.value;
          lowered.add(item);
        }
        break;
      case 'Design':
        if (item.body) lowered.add(item);
        else if (design) ctx.report('invalid-argument', item.span, '`design` is given twice', { related: [{ span: design.span, message: 'first given here' }] });
        else {
          design = item;
          const d = lowerDesign(ctx, item);
          if (d) {
            program.design = d;
            lowered.add(item);
          }
        }
        break;
      case 'Distance': {
        const d = lowerDistance(ctx, item);
        if (d) {
          // by pair, not a search of the list: 160,000 distinct pairs took 38 s (issue 17)
          const pair = d.a < d.b ? `${d.a} ${d.b}` : `${d.b} ${d.a}`;
          const dup = distancePairs.get(pair);
          if (dup) ctx.report('invalid-argument', item.span, `the distance between nodes ${d.a} and ${d.b} is given twice`, { related: [{ span: dup.span, message: 'first given here' }] });
          else {
            distancePairs.set(pair, d);
            machine.distances.push(d);
            lowered.add(item);
          }
        }
        break;
      }
      case 'Swap': {
        if (swap) {
          ctx.report('invalid-argument', item.span, '`swap` is given twice', { related: [{ span: swap.span, message: 'first given here' }] });
          break;
        }
        const size = item.size.kind === 'Missing' ? undefined : new Values(ctx, top).pageSize(item.size, 'the swap size', 'G');
        if (size !== undefined) {
          swap = item;
          machine.swapBytes = size;
          machine.swapSpan = item.span;
          lowered.add(item);
        }
        break;
      }
      case 'Sysctl': {
        const s = lowerSysctl(ctx, item);
        if (s) {
          machine.sysctls.push(s);
          lowered.add(item);
        }
        break;
      }
      case 'TaskBlock': {
        const t = lowerTask(ctx, item, tasks);
        if (t) {
          program.items.push(t);
          lowered.add(item);
        }
        break;
      }
      case 'KernelBlock': {
        const driver = item.driver?.kind === 'Ident' ? item.driver.name : item.driver ? '' : undefined;
        if (driver) checkDriverName(ctx, item.driver as ast.Ident, program.machine.nodes);
        const body = lowerBody(ctx, item.body?.stmts ?? [], blockContext('kernel', undefined, undefined, driver));
        const k: ir.KernelBlock = { kind: 'kernel', body, span: item.span, headerSpan: item.header };
        if (item.label) k.label = item.label.value;
        if (driver) k.driver = driver;
        program.items.push(k);
        lowered.add(item);
        break;
      }
      case 'DeviceBlock': {
        const d = lowerDevice(ctx, item);
        if (d) {
          program.items.push(d);
          lowered.add(item);
        }
        break;
      }
      case 'Expect': {
        program.items.push(lowerExpectStmt(ctx, item, top, previous));
        lowered.add(item);
        break;
      }
      case 'Error':
        program.items.push(lowerErrorLine(ctx, item.span));
        lowered.add(item);
        break;
    }
    // a declaration that did not parse still counts as a statement
    if (!lowered.has(item) && ctx.hasSyntaxErrorIn(item.span)) program.items.push({ kind: 'error', span: item.span, cause: 'syntax' });
    if (item.kind !== 'Expect') previous = item.span;
  }

  if (ctx.params.size) {
    program.params = [...ctx.params.values()].map(({ decl, value, uses }) => ({
      name: (decl.name as ast.Ident).name,
      span: decl.span,
      nameSpan: decl.name.span,
      value: value.text,
      numKind: value.numKind,
      uses: uses.sort((a, b) => a.start - b.start),
    }));
  }
  return { program, diagnostics: sortDiagnostics(ctx.diagnostics) };
}

function lowerTask(ctx: LowerContext, t: ast.TaskBlock, tasks: Map<string, ast.TaskBlock>): ir.TaskBlock | undefined {
  if (t.name.kind !== 'Ident') return undefined;
  const name = t.name.name;
  const first = tasks.get(name);
  if (!first) tasks.set(name, t);
  ctx.taskNames.add(name);
  const block: ir.TaskBlock = { kind: 'task', name, body: [], span: t.span, headerSpan: t.header };
  const v = new Values(ctx, { kind: 'top', loopVars: [] });
  if (first && (t.cpu || t.cgroup)) {
    ctx.report('invalid-argument', (t.cpu ?? t.cgroup)!.keyword, `\`cpu\` and \`cgroup\` are given on task \`${name}\`'s first block; this later block cannot change them`, {
      related: [{ span: first.header, message: `task \`${name}\` starts here` }],
    });
  } else {
    if (t.cpu && t.cpu.value.kind !== 'Missing') {
      const cpu = v.count(t.cpu.value, 'the task\'s cpu');
      if (cpu !== undefined) block.cpu = cpu;
    }
    if (t.cgroup && t.cgroup.name.kind === 'Ident') {
      const cg = v.cgroup(t.cgroup.name);
      if (cg) block.cgroup = cg;
    }
  }
  block.body = lowerBody(ctx, t.body?.stmts ?? [], blockContext('task', name));
  return block;
}

function lowerDevice(ctx: LowerContext, d: ast.DeviceBlock): ir.DeviceBlock | undefined {
  let node: number | undefined;
  if (d.node.kind === 'Number' && d.node.numKind === 'int') {
    node = d.node.value;
    ctx.checkNodeUse(node, d.node.span, true);
    const decl = ctx.nodes.get(node);
    if (decl && decl.kind !== 'cram') {
      ctx.report('invalid-argument', d.node.span, `device blocks model the CXL compressed device; node ${node} is \`${decl.kind}\`, not \`cram\``, {
        severity: 'warning',
        related: [{ span: decl.span, message: `node ${node} is declared here` }],
      });
    }
  } else if (d.node.kind !== 'Missing') ctx.report('invalid-argument', d.node.span, `\`device\` takes a node id, got ${describeExpr(d.node)}`);
  const body = lowerBody(ctx, d.body?.stmts ?? [], blockContext('device', undefined, node));
  if (node === undefined) return undefined;
  return { kind: 'device', node, body, span: d.span, headerSpan: d.header };
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** parse + lower in one call; `diagnostics` here holds both the syntax and the static ones, by position. */
export function analyzeText(text: string): { parsed: ParseResult; program: ir.Program; diagnostics: Diagnostic[] } {
  const parsed = parse(text);
  const lowered = lower(parsed);
  return { parsed, program: lowered.program, diagnostics: sortDiagnostics([...parsed.diagnostics, ...lowered.diagnostics]) };
}

/** `driver NAME`: NAME should be a device some node declares (`node 2 cxl 4G private device NAME`). */
function checkDriverName(ctx: LowerContext, name: ast.Ident, nodes: ir.NodeDecl[]): void {
  charge(nodes.length);
  const devices = [...new Set(nodes.map((n) => n.device).filter((d): d is string => d !== undefined))];
  if (devices.includes(name.name)) return;
  ctx.report(
    'invalid-argument',
    name.span,
    devices.length
      ? `no node declares \`device ${name.name}\` (devices: ${devices.join(', ')}): the driver owns no node`
      : `no node declares \`device ${name.name}\`: the driver owns no node (declare one, as in \`node 2 cxl 4G private device ${name.name}\`)`,
    { severity: 'warning' },
  );
}
