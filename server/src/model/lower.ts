import { Diagnostic } from '../common/diagnostics';
import { withSpansShifted } from '../common/shiftSpans';
import { shiftedSpan, Span } from '../common/span';
import { budgetUsed, charge } from '../common/staticBudget';
import { suggestionUnitsLeft } from '../syntax/suggest';
import * as ast from '../syntax/ast';
import { parse, ParseResult } from '../syntax/parser';
import * as ir from './ir';
import { BlockContext, LowerContext, LowerEffect } from './lowering/context';
import { ScopesSnapshot } from './scope';
import { lowerCgroup, lowerDesign, lowerDistance, lowerNode, lowerParam, lowerSysctl } from './lowering/declarations';
import { lowerErrorLine, lowerExpectStmt } from './lowering/expect';
import { blockContext, lowerBody } from './lowering/statements';
import { describeExpr, Values } from './lowering/values';
import { builtinDesigns } from './designs/builtins';
import { lowerDesignDecls } from './designs/lower';
import { anyArray } from '../common/arrays';

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

/** what lowering one top-level item produced and changed (pass 2), kept for the incremental lowering (model/relower.ts) */
export interface ItemRecord {
  /** the timeline items it added */
  ir: ir.TimelineItem[];
  /** the diagnostics it reported, in the order it reported them */
  diagnostics: Diagnostic[];
  effects: LowerEffect[];
  /**
   * how far the item moved since its effects were recorded (model/relower.ts reuses a block after
   * an edit with the same effects, as it keeps its body: ADR 0023); absent = 0. `effectsOf` gives
   * them with the text's positions
   */
  effectsShift?: number;
  /** the `seq` of every variable it read (model/scope.ts) */
  reads: number[];
  /** static budget units and "did you mean" units it spent */
  units: number;
  suggestionUnits: number;
}


/** a record's effects with the text's positions (a copy when the item moved since they were recorded) */
export function effectsOf(r: ItemRecord): LowerEffect[] {
  return r.effectsShift ? withSpansShifted(r.effects, r.effectsShift) : r.effects;
}

/** what pass 2 adds to the program besides its items (model/relower.ts's checkpoints carry them) */
const PASS2_PROGRAM_KEYS = new Set(['title', 'design']);

/** the state of pass 2 after some items (Lowering.checkpoint; model/relower.ts restores it instead of replaying them) */
export interface LoweringCheckpoint {
  /** how many items it follows */
  readonly items: number;
  readonly ir: readonly ir.TimelineItem[];
  /** pass 2's diagnostics so far, in the order reported */
  readonly diagnostics: readonly Diagnostic[];
  readonly scopes: ScopesSnapshot;
  readonly tasks: ReadonlyMap<string, { header: Span }>;
  readonly taskNames: ReadonlySet<string>;
  readonly paramUses: ReadonlyMap<string, readonly Span[]>;
  readonly previous?: Span;
  readonly declarations: { scenario?: ast.ScenarioDecl; design?: ast.DesignDecl; swap?: ast.SwapDecl; distancePairs: ReadonlyMap<string, ir.DistanceDecl> };
  readonly programKeys: readonly [string, unknown][];
  readonly machine: { distances: readonly ir.DistanceDecl[]; swapBytes: number; swapSpan?: Span; sysctls: readonly ir.SysctlDecl[] };
  /** the static budget's and the "did you mean" budget's units pass 2 spent on those items */
  readonly units: number;
  readonly suggestionUnits: number;
}

/** pushes `from`'s elements onto `to` (a spread of thousands of arguments is slower, and has a limit) */
function pushAll<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]);
}

/** a lowering's records, kept beside its result (a LowerResult is plain data) */
export interface LowerRecords {
  head: Diagnostic[];
  /** parallel to the items, up to where the static budget stopped the lowering */
  records: ItemRecord[];
  stopped: boolean;
  workspace?: Record<ir.DesignName, ir.DesignDef>;
  /** the state of pass 2 after some of the items (model/relower.ts): the one at the last edit first, the others by items */
  checkpoints?: readonly LoweringCheckpoint[];
}

/** by program: the analysis keeps the program, not the LowerResult */
const kept = new WeakMap<ir.Program, LowerRecords>();

export function keepRecords(r: LowerResult, records: LowerRecords): void {
  kept.set(r.program, records);
}

export function recordsOf(program: ir.Program): LowerRecords | undefined {
  return kept.get(program);
}

export interface LowerOptions {
  /** the designs of the workspace's designs.mmlab (seen by every scenario of the workspace) */
  workspaceDesigns?: Record<ir.DesignName, ir.DesignDef>;
}

export function lower(parsed: ParseResult, opts: LowerOptions = {}): LowerResult {
  const run = startLowering(parsed.text, parsed.diagnostics, parsed.file.items, opts);
  const records: ItemRecord[] = [];
  const items = parsed.file.items;
  for (let i = 0; i < items.length; i++) {
    const r = run.lowerItem(items[i]);
    if (!r) break;
    records.push(r);
  }
  const result = run.finish();
  keepRecords(result, { head: run.head, records, stopped: run.ctx.stoppedAt !== undefined, workspace: opts.workspaceDesigns });
  return result;
}

/**
 * One lowering: passes 0 and 1 (designs, params, nodes, cgroups: usable anywhere in the file) run
 * when it starts; pass 2 lowers the items in file order, one `lowerItem` call each, recording what
 * each produced and what it changed in the state later items read (model/relower.ts replays those
 * records for the items an edit did not touch).
 */
export class Lowering {
  // lists of objects from the start (common/arrays.ts): a file without sysctls left `[]` a list of
  // small integers, and a fresh process's next lowering deoptimised at the first push of another's
  readonly machine: ir.Machine = { nodes: anyArray(), distances: anyArray(), swapBytes: 0, cgroups: anyArray(), sysctls: anyArray() };
  readonly program: ir.Program;
  /** the diagnostics of passes 0 and 1 */
  readonly head: Diagnostic[];
  /** per param, how many of its uses passes 0 and 1 resolved (a node's size may name one) */
  private readonly headUses = new Map<string, number>();
  /** task name -> its first block's header */
  private tasks = new Map<string, { header: Span }>();
  private scenario?: ast.ScenarioDecl;
  private design?: ast.DesignDecl;
  private swap?: ast.SwapDecl;
  private previous?: Span;
  private readonly top: BlockContext = { kind: 'top', loopVars: [] };
  private distancePairs = new Map<string, ir.DistanceDecl>();
  /** the params, nodes and cgroups passes 0 and 1 lowered */
  private readonly declared = new Set<ast.TopItem>();

  constructor(
    readonly ctx: LowerContext,
    items: readonly ast.TopItem[],
    opts: LowerOptions,
  ) {
    const machine = this.machine;
    // Pass 0: design declarations (a `design NAME` line may name one declared further down)
    const visible = { ...builtinDesigns(), ...(opts.workspaceDesigns ?? {}) };
    const declared = lowerDesignDecls(
      ctx.text,
      items.filter((i): i is ast.DesignDecl => i.kind === 'Design' && !!i.body),
      'file',
      visible,
    );
    ctx.diagnostics.push(...declared.diagnostics);
    ctx.designs = { ...visible, ...Object.fromEntries(declared.defs.map((d) => [d.name, d])) };
    this.program = { machine, items: [], designs: ctx.designs };

    // Pass 1: params (usable anywhere in the file), then nodes and cgroups, so a use before the
    // declaration can be told from an absent node.
    for (const item of items) if (item.kind === 'Param' && lowerParam(ctx, item)) this.declared.add(item);
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
        this.declared.add(item);
      } else if (item.kind === 'Cgroup') {
        const cg = lowerCgroup(ctx, item);
        if (cg) {
          ctx.cgroups.set(cg.name, cg);
          machine.cgroups.push(cg);
          this.declared.add(item);
        }
      }
    }
    this.head = ctx.diagnostics.slice();
    for (const [name, p] of ctx.params) this.headUses.set(name, p.uses.length);
  }

  /** Pass 2 for one item, in file order: what it produced, or undefined once the static budget is spent (nothing more is lowered). */
  lowerItem(item: ast.TopItem): ItemRecord | undefined {
    const { ctx, program } = this;
    const irFrom = program.items.length;
    const diagFrom = ctx.diagnostics.length;
    const effects: LowerEffect[] = [];
    const reads: number[] = [];
    ctx.effects = effects;
    ctx.scopes.reads = reads;
    const units = budgetUsed();
    const left = suggestionUnitsLeft();
    const lowered = this.lowerItemInner(item);
    ctx.effects = undefined;
    ctx.scopes.reads = undefined;
    // a declaration that did not parse still counts as a statement
    if (lowered !== 'stopped' && !lowered && ctx.hasSyntaxErrorIn(item.span)) program.items.push({ kind: 'error', span: item.span, cause: 'syntax' });
    if (item.kind !== 'Expect') this.previous = item.span;
    const record: ItemRecord = {
      ir: program.items.slice(irFrom),
      diagnostics: ctx.diagnostics.slice(diagFrom),
      effects,
      reads,
      units: units === undefined ? 0 : budgetUsed()! - units,
      suggestionUnits: left === undefined ? 0 : left - suggestionUnitsLeft()!,
    };
    return lowered === 'stopped' ? undefined : record;
  }

  /**
   * The state pass 2 has left after the first `items` items (`units` and `suggestionUnits`: what
   * it spent on them). From here on this lowering and the checkpoint share the scopes' tables;
   * each copies one before changing it (model/scope.ts).
   */
  checkpoint(items: number, units: number, suggestionUnits: number): LoweringCheckpoint {
    const { ctx, program, machine } = this;
    const paramUses = new Map<string, readonly Span[]>();
    for (const [name, p] of ctx.params) paramUses.set(name, p.uses.slice(this.headUses.get(name)));
    return {
      items,
      ir: program.items.slice(),
      diagnostics: ctx.diagnostics.slice(this.head.length),
      scopes: ctx.scopes.snapshot(),
      tasks: new Map(this.tasks),
      taskNames: new Set(ctx.taskNames),
      paramUses,
      previous: this.previous,
      declarations: { scenario: this.scenario, design: this.design, swap: this.swap, distancePairs: new Map(this.distancePairs) },
      programKeys: Object.entries(program).filter(([k]) => PASS2_PROGRAM_KEYS.has(k)),
      machine: { distances: machine.distances.slice(), swapBytes: machine.swapBytes, swapSpan: machine.swapSpan, sysctls: machine.sysctls.slice() },
      units,
      suggestionUnits,
    };
  }

  /**
   * Puts this lowering (passes 0 and 1 done, pass 2 not started) where `cp` was taken: what lowering
   * or replaying the items before it would have left. False when pass 2 has started or the params
   * differ (the caller then replays the items).
   */
  restore(cp: LoweringCheckpoint): boolean {
    const { ctx, program, machine } = this;
    if (program.items.length || ctx.diagnostics.length !== this.head.length || cp.paramUses.size !== ctx.params.size) return false;
    for (const name of cp.paramUses.keys()) if (ctx.params.get(name)?.uses.length !== this.headUses.get(name)) return false;
    for (const [name, uses] of cp.paramUses) pushAll(ctx.params.get(name)!.uses, uses);
    pushAll(program.items, cp.ir);
    pushAll(ctx.diagnostics, cp.diagnostics);
    ctx.scopes.restore(cp.scopes);
    this.tasks = new Map(cp.tasks);
    ctx.taskNames = new Set(cp.taskNames);
    this.previous = cp.previous;
    ({ scenario: this.scenario, design: this.design, swap: this.swap } = cp.declarations);
    this.distancePairs = new Map(cp.declarations.distancePairs);
    // in the order pass 2 added them (the program's keys then come in the order a lowering gives)
    for (const [k, v] of cp.programKeys) (program as unknown as Record<string, unknown>)[k] = v;
    pushAll(machine.distances, cp.machine.distances);
    machine.swapBytes = cp.machine.swapBytes;
    if (cp.machine.swapSpan) machine.swapSpan = cp.machine.swapSpan;
    pushAll(machine.sysctls, cp.machine.sysctls);
    return true;
  }

  /**
   * what `lowerItem` would have recorded, applied without lowering: the item's IR, diagnostics and
   * effects (moved to the new text: `effectsShift`)
   */
  replay(item: ast.TopItem | { kind: ast.TopItem['kind']; span: Span }, r: ItemRecord): void {
    this.append(r);
    this.replayState(item, r);
  }

  /** the state a recorded item leaves for the items after it (its variables, its task), once `append` took the rest */
  replayState(item: ast.TopItem | { kind: ast.TopItem['kind']; span: Span }, r: ItemRecord): void {
    const { ctx } = this;
    // a span of a moved item's effects is placed when it is replayed: only the ones kept need a copy
    const d = r.effectsShift ?? 0;
    for (const e of r.effects) {
      if (e.kind === 'define') ctx.scopes.define(e.scope, e.name, e.varKind, shiftedSpan(e.span, d), e.sizeBytes);
      else if (e.kind === 'task') {
        if (!this.tasks.has(e.name)) this.tasks.set(e.name, { header: shiftedSpan(e.header, d) });
        ctx.taskNames.add(e.name);
      }
    }
    if (item.kind !== 'Expect') this.previous = item.span;
  }

  /**
   * what the result needs of a recorded item: its IR, diagnostics and the param uses it resolved;
   * not the state later items read (model/relower.ts appends the blocks after the edit so, when no
   * item after them is lowered again)
   */
  append(r: ItemRecord): void {
    const { ctx } = this;
    pushAll(this.program.items, r.ir);
    pushAll(ctx.diagnostics, r.diagnostics);
    const d = r.effectsShift ?? 0;
    for (const e of r.effects) if (e.kind === 'paramUse') ctx.params.get(e.name)?.uses.push(shiftedSpan(e.span, d));
  }

  /** lowers one item (pass 2); whether it counted as lowered, or 'stopped' at the static budget */
  private lowerItemInner(item: ast.TopItem): boolean | 'stopped' {
    const { ctx, program, machine, top } = this;
    if (!ctx.step(item.span)) return 'stopped';
    switch (item.kind) {
      case 'Param':
      case 'NodeDecl':
      case 'Cgroup':
        return this.declared.has(item);
      case 'Scenario':
        if (this.scenario) ctx.report('invalid-argument', item.span, '`scenario` is given twice', { related: [{ span: this.scenario.span, message: 'first given here' }] });
        else if (item.title.kind === 'String') {
          this.scenario = item;
          program.title = item.title.value;
          return true;
        }
        return false;
      case 'Design':
        if (item.body) return true;
        if (this.design) ctx.report('invalid-argument', item.span, '`design` is given twice', { related: [{ span: this.design.span, message: 'first given here' }] });
        else {
          this.design = item;
          const d = lowerDesign(ctx, item);
          if (d) {
            program.design = d;
            return true;
          }
        }
        return false;
      case 'Distance': {
        const d = lowerDistance(ctx, item);
        if (!d) return false;
        // by pair, not a search of the list: 160,000 distinct pairs took 38 s (issue 17)
        const pair = d.a < d.b ? `${d.a} ${d.b}` : `${d.b} ${d.a}`;
        const dup = this.distancePairs.get(pair);
        if (dup) {
          ctx.report('invalid-argument', item.span, `the distance between nodes ${d.a} and ${d.b} is given twice`, { related: [{ span: dup.span, message: 'first given here' }] });
          return false;
        }
        this.distancePairs.set(pair, d);
        machine.distances.push(d);
        return true;
      }
      case 'Swap': {
        if (this.swap) {
          ctx.report('invalid-argument', item.span, '`swap` is given twice', { related: [{ span: this.swap.span, message: 'first given here' }] });
          return false;
        }
        const size = item.size.kind === 'Missing' ? undefined : new Values(ctx, top).pageSize(item.size, 'the swap size', 'G');
        if (size === undefined) return false;
        this.swap = item;
        machine.swapBytes = size;
        machine.swapSpan = item.span;
        return true;
      }
      case 'Sysctl': {
        const s = lowerSysctl(ctx, item);
        if (s) machine.sysctls.push(s);
        return !!s;
      }
      case 'TaskBlock': {
        const t = lowerTask(ctx, item, this.tasks);
        if (t) program.items.push(t);
        return !!t;
      }
      case 'KernelBlock': {
        const driver = item.driver?.kind === 'Ident' ? item.driver.name : item.driver ? '' : undefined;
        if (driver) checkDriverName(ctx, item.driver as ast.Ident, program.machine.nodes);
        const body = lowerBody(ctx, item.body?.stmts ?? [], blockContext('kernel', undefined, undefined, driver));
        const k: ir.KernelBlock = { kind: 'kernel', body, span: item.span, headerSpan: item.header };
        if (item.label) k.label = item.label.value;
        if (driver) k.driver = driver;
        program.items.push(k);
        return true;
      }
      case 'DeviceBlock': {
        const d = lowerDevice(ctx, item);
        if (d) program.items.push(d);
        return !!d;
      }
      case 'Expect':
        program.items.push(lowerExpectStmt(ctx, item, top, this.previous));
        return true;
      case 'Error':
        program.items.push(lowerErrorLine(ctx, item.span));
        return true;
    }
  }

  /** the result: params with their uses, the diagnostics by position */
  finish(): LowerResult {
    const { ctx, program } = this;
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
}

export function startLowering(text: string, parseDiagnostics: Diagnostic[], items: readonly ast.TopItem[], opts: LowerOptions): Lowering {
  return new Lowering(new LowerContext(text, parseDiagnostics), items, opts);
}

function lowerTask(ctx: LowerContext, t: ast.TaskBlock, tasks: Map<string, { header: Span }>): ir.TaskBlock | undefined {
  if (t.name.kind !== 'Ident') return undefined;
  const name = t.name.name;
  const first = tasks.get(name);
  if (!first) tasks.set(name, { header: t.header });
  ctx.taskNames.add(name);
  ctx.effects?.push({ kind: 'task', name, header: first?.header ?? t.header });
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
