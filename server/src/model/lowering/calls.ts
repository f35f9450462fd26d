import { CallExpr, Expr } from '../../syntax/ast';
import { validateOps } from '../checks/ops';
import * as ir from '../ir';
import { CallSpec } from '../../vocab/calls';
import { callbacksRequiredBy } from '../../vocab/npops';
import { MatchedArgs } from './args';
import { LowerContext } from './context';
import { bareFlagNumber, decodeFlags, Values } from './values';
import { MPOL_MF } from '../../vocab/mpol';

/**
 * One builder per call: converts matched arguments into the IR `Call`. Returns
 * undefined when an argument could not be converted (its diagnostic is out).
 */
type Builder = (a: Args) => ir.Call | undefined;

/** `name` in backquotes, as messages name a parameter: made once per name, not per argument */
const QUOTED = new Map<string, string>();
function quoted(name: string): string {
  let q = QUOTED.get(name);
  if (q === undefined) QUOTED.set(name, (q = `\`${name}\``));
  return q;
}

/** Typed access to matched arguments; `undefined` from a converter poisons the call. */
export class Args {
  ok = true;
  constructor(
    readonly v: Values,
    readonly m: MatchedArgs,
    readonly ctx: LowerContext,
    readonly call: CallExpr,
  ) {
    if (!m.complete) this.ok = false;
  }
  has(name: string): boolean {
    return this.m.values.has(name);
  }
  get(name: string): Expr | undefined {
    return this.m.values.get(name);
  }
  private need<T>(name: string, f: (e: Expr) => T | undefined): T {
    const e = this.m.values.get(name);
    const r = e ? f(e) : undefined;
    if (r === undefined) this.ok = false;
    return r as T;
  }
  private opt<T>(name: string, f: (e: Expr) => T | undefined): T | undefined {
    const e = this.m.values.get(name);
    if (!e) return undefined;
    const r = f(e);
    if (r === undefined) this.ok = false;
    return r;
  }
  size(n: string): number {
    return this.need(n, (e) => this.v.size(e, quoted(n)));
  }
  /** a size of whole pages (a mapping, a hotplug range): a bare integer below a page is warned about */
  pageSize(n: string, unit: 'K' | 'M' | 'G'): number {
    return this.need(n, (e) => this.v.pageSize(e, quoted(n), unit));
  }
  count(n: string, dflt: number): number {
    return this.opt(n, (e) => this.v.count(e, quoted(n))) ?? dflt;
  }
  order(n: string): number {
    return this.need(n, (e) => this.v.order(e));
  }
  node(n: string): ir.NodeRef {
    return this.need(n, (e) => this.v.node(e));
  }
  nodeSet(n: string): ir.NodeSet {
    return this.need(n, (e) => this.v.nodeSet(e));
  }
  optNodeSet(n: string): ir.NodeSet | undefined {
    return this.opt(n, (e) => this.v.nodeSet(e));
  }
  range(n: string, want: 'mapping' | 'handle' | 'either' = 'mapping'): ir.RangeRef {
    return this.need(n, (e) => this.v.range(e, want));
  }
  /** a task's mapping range, named `TASK.VAR[...]` from a kernel block */
  userRange(n: string): ir.RangeRef {
    return this.need(n, (e) => this.v.userRange(e));
  }
  gfp(n: string): number {
    return this.need(n, (e) => this.v.gfp(e));
  }
  mode(n: string): { mode: number; modeFlags: number } {
    return this.need(n, (e) => this.v.mpolMode(e));
  }
  mf(n: string): number {
    if (this.unbracedNodeList(n)) {
      this.ok = false;
      return 0;
    }
    return this.opt(n, (e) => this.v.mpolMf(e)) ?? 0;
  }
  /**
   * `mbind(buf, MPOL_BIND, 0,2)`: the `2` after a node argument fills the MF flags
   * (MPOL_MF_MOVE), not the node set. Reported over `0,2` with `{0, 2}` as the fix.
   */
  private unbracedNodeList(flagsParam: string): boolean {
    const flags = this.get(flagsParam);
    const nodes = this.get('nodes');
    const n = flags && bareFlagNumber(flags);
    if (!n || !nodes || !(nodes.kind === 'Number' || nodes.kind === 'IdRange' || nodes.kind === 'Ident') || nodes.span.end > n.span.start) return false;
    const set = `{${this.ctx.textOf(nodes.span)}, ${n.text}}`;
    const named = decodeFlags(n.value, Object.entries(MPOL_MF));
    const span = { start: nodes.span.start, end: n.span.end };
    this.ctx.report(
      'invalid-argument',
      span,
      `\`${n.text}\` is taken as ${this.call.callee.name}'s MF flags${named ? ` (${n.text} = \`${named}\`)` : ''}, not as a second node: write a node set in braces, \`${set}\`${named ? `, or name the flags, \`${named}\`` : ''}`,
      { data: { suggestion: set } },
    );
    return true;
  }
  npOps(n: string): number {
    return this.need(n, (e) => this.v.npOps(e));
  }
  optNpOps(n: string): number | undefined {
    return this.opt(n, (e) => this.v.npOps(e));
  }
  keyword<T extends string>(n: string, values: readonly T[], dflt?: T): T {
    return (this.opt(n, (e) => this.v.keyword(e, values, quoted(n))) as T | undefined) ?? (dflt as T);
  }
  ratio(n: string): number {
    return this.need(n, (e) => this.v.ratio(e));
  }
  percent(n: string): number {
    return this.need(n, (e) => this.v.percent(e, quoted(n)));
  }
  data(n: string): ir.DataProfile | undefined {
    return this.opt(n, (e) => this.v.data(e));
  }
  cgroup(n: string): string {
    return this.need(n, (e) => this.v.cgroup(e));
  }
  handle(n: string): string {
    return this.need(n, (e) => (e.kind === 'Ident' ? this.v.variable(e, 'handle')?.name : this.v.range(e, 'handle')?.name));
  }
  callbacks(n: string): string[] | undefined {
    return this.opt(n, (e) => this.v.callbacks([e]));
  }
}

const BUILDERS: Record<string, Builder> = {
  mmap: (a) => ({ op: 'mmap', size: a.pageSize('size', 'K'), backing: a.keyword('backing', ['anon', 'file', 'shmem'] as const, 'anon'), shared: a.keyword('shared', ['shared', 'private'] as const, 'private') === 'shared' }),
  malloc: (a) => ({ op: 'malloc', size: a.pageSize('size', 'K') }),
  munmap: (a) => ({ op: 'munmap', target: a.range('range') }),
  mbind: (a) => {
    const m = a.mode('mode');
    return { op: 'mbind', range: a.range('range'), mode: m?.mode, modeFlags: m?.modeFlags, nodes: a.optNodeSet('nodes'), flags: a.mf('flags') } as ir.Call;
  },
  set_mempolicy: (a) => {
    const m = a.mode('mode');
    return { op: 'set_mempolicy', mode: m?.mode, modeFlags: m?.modeFlags, nodes: a.optNodeSet('nodes') } as ir.Call;
  },
  set_mempolicy_home_node: (a) => ({ op: 'set_mempolicy_home_node', range: a.range('range'), node: a.node('home_node') }),
  touch: (a) => withData({ op: 'touch', range: a.range('range'), access: a.keyword('access', ['read', 'write'] as const, 'write') }, a.data('data')),
  read: (a) => ({ op: 'touch', range: a.range('range'), access: 'read' }),
  write: (a) => withData({ op: 'touch', range: a.range('range'), access: 'write' }, a.data('data')),
  // without a node: the query form (nodes = NULL), each page's status is where it is
  move_pages: (a) => ({ op: 'move_pages', range: a.range('range'), node: a.has('node') ? a.node('node') : undefined, flags: a.mf('flags') }),
  migrate_pages: (a) => ({ op: 'migrate_pages', from: a.nodeSet('from'), to: a.nodeSet('to') }),
  madvise: (a) => ({ op: 'madvise', range: a.range('range'), advice: a.get('advice') ? (a.v.madv(a.get('advice')!) ?? fail(a)) : '' }),
  mlock: (a) => ({ op: 'mlock', range: a.range('range') }),
  munlock: (a) => ({ op: 'munlock', range: a.range('range') }),
  mprotect: (a) => ({ op: 'mprotect', range: a.range('range'), prot: a.keyword('prot', ['read', 'write', 'none'] as const) }),
  pin: (a) => ({ op: 'pin', range: a.range('range'), longterm: a.has('longterm') }),
  unpin: (a) => ({ op: 'unpin', range: a.range('range') }),
  exit: () => ({ op: 'exit' }),

  alloc_pages_node: (a) => withMask({ op: 'alloc_pages_node', nid: a.node('nid'), gfp: a.gfp('gfp'), order: a.order('order'), count: positiveCount(a) }, a.optNodeSet('nodemask')),
  alloc_pages: (a) => withMask({ op: 'alloc_pages', gfp: a.gfp('gfp'), order: a.order('order'), count: positiveCount(a) }, a.optNodeSet('nodemask')),
  kmalloc_node: (a) => ({ op: 'kmalloc_node', size: a.size('size'), gfp: a.gfp('gfp'), nid: a.node('nid') }),
  kvzalloc_node: (a) => ({ op: 'kvzalloc_node', size: a.size('size'), gfp: a.gfp('gfp'), nid: a.node('nid') }),
  kzalloc_node: (a) => ({ op: 'kzalloc_node', size: a.size('size'), gfp: a.gfp('gfp'), nid: a.node('nid') }),
  vmalloc_node: (a) => ({ op: 'vmalloc_node', size: a.size('size'), nid: a.node('nid') }),
  folio_alloc: (a) => ({
    op: 'folio_alloc',
    gfp: a.gfp('gfp'),
    order: a.order('order'),
    nid: a.has('nid') ? a.node('nid') : undefined,
    nodemask: a.optNodeSet('nodemask'),
    zonelist: a.has('zonelist') ? a.keyword('zonelist', ['default', 'private'] as const) : undefined,
    count: positiveCount(a),
  }),
  folio_alloc_node_private: (a) => ({ op: 'folio_alloc_node_private', gfp: a.gfp('gfp'), order: a.order('order'), nid: a.node('nid'), count: positiveCount(a) }),
  pagetable_alloc: (a) => ({ op: 'pagetable_alloc', count: positiveCount(a) }),
  set_nr_hugepages: (a) => ({ op: 'set_nr_hugepages', count: a.count('count', 0), node: a.has('node') ? a.node('node') : undefined }),
  free_pages: (a) => ({ op: 'free_pages', handle: a.handle('handle') }),
  kswapd: (a) => ({ op: 'kswapd', nid: a.node('nid') }),
  migrate_folios_to_node: (a) => ({ op: 'migrate_folios_to_node', range: a.userRange('range'), nid: a.node('nid') }),
  reclaim: (a) => ({ op: 'reclaim', nid: a.node('nid'), size: a.size('size') }),
  compact: (a) => ({ op: 'compact', nid: a.node('nid') }),
  khugepaged: () => ({ op: 'khugepaged' }),
  ksm_scan: () => ({ op: 'ksm_scan' }),
  numa_balancing_scan: () => ({ op: 'numa_balancing_scan' }),
  add_private_memory_driver_managed: (a) => {
    const c: ir.Call = { op: 'add_private_memory_driver_managed', nid: a.node('nid'), size: a.pageSize('size', 'G') };
    const ops = a.optNpOps('ops');
    if (ops !== undefined) {
      c.ops = ops;
      checkOps(a, ops, callbacksRequiredBy(ops), a.get('ops')!);
    }
    if (a.has('zone')) c.zone = a.keyword('zone', ['normal', 'movable'] as const);
    return c;
  },
  online_node: (a) => ({ op: 'online_node', nid: a.node('nid') }),
  offline_node: (a) => ({ op: 'offline_node', nid: a.node('nid') }),
  node_private_set_ops: (a) => {
    const ops = a.npOps('ops');
    const callbacks = a.callbacks('callbacks');
    const c: ir.Call = { op: 'node_private_set_ops', nid: a.node('nid'), ops };
    if (callbacks) c.callbacks = callbacks;
    if (ops !== undefined && a.ok) checkOps(a, ops, callbacks ?? callbacksRequiredBy(ops), a.get('ops')!);
    return c;
  },
  set_cpuset_mems: (a) => ({ op: 'set_cpuset_mems', cgroup: a.cgroup('cgroup'), mems: a.nodeSet('mems') }),
  memory_failure: (a) => ({ op: 'memory_failure', nid: a.node('nid'), count: positiveCount(a) }),

  raise: (a) => ({ op: 'raise', level: a.keyword('level', ['low', 'high'] as const) }),
  set_ratio: (a) => ({ op: 'set_ratio', ratio: a.ratio('ratio') }),
  fill: (a) => ({ op: 'fill', percent: a.percent('percent') }),
};

function fail(a: Args): string {
  a.ok = false;
  return '';
}

function positiveCount(a: Args): number {
  const n = a.count('count', 1);
  const e = a.get('count');
  if (e && n === 0) {
    a.ctx.report('invalid-argument', e.span, '`count` must be at least 1');
    a.ok = false;
  }
  return n;
}

function withData(c: Extract<ir.Call, { op: 'touch' }>, data: ir.DataProfile | undefined): ir.Call {
  if (data) c.data = data;
  return c;
}

function withMask(c: Extract<ir.Call, { op: 'alloc_pages_node' | 'alloc_pages' }>, mask: ir.NodeSet | undefined): ir.Call {
  if (mask) c.nodemask = mask;
  return c;
}

/** node_private_set_ops validation on a call whose flags are constant. */
function checkOps(a: Args, ops: number, callbacks: readonly string[], at: Expr): void {
  const problems = validateOps(ops, callbacks);
  if (!problems.length) return;
  a.ctx.report('ops-rejected', at.span, `node_private_set_ops would return -EINVAL: ${problems.map((p) => p.message).join('; ')}`, {
    data: { problems },
  });
}

/** Builds the IR call; undefined when the call cannot run (diagnostics already reported). */
export function buildCall(spec: CallSpec, args: Args): ir.Call | undefined {
  const b = BUILDERS[spec.name];
  if (!b) return undefined;
  const c = b(args);
  if (!args.ok || !c) return undefined;
  // optional fields are absent, not undefined: a copy without them, not `delete` (a deleted
  // property leaves the object in V8's slow dictionary mode, and the interpreter reads these
  // objects on every execution of the statement)
  const rec = c as unknown as Record<string, unknown>;
  let holes = false;
  for (const k in rec) if (rec[k] === undefined) holes = true;
  if (!holes) return c;
  const out: Record<string, unknown> = {};
  for (const k in rec) if (rec[k] !== undefined) out[k] = rec[k];
  return out as unknown as ir.Call;
}

export const BUILT_CALLS: readonly string[] = Object.keys(BUILDERS);
