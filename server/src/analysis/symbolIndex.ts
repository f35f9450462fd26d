/**
 * Names and where they occur: mappings and allocation handles (scoped to their
 * task, or to the kernel blocks), tasks, cgroups, loop variables, node ids and params.
 * One pass over the tree serves go-to-definition, references, rename, document
 * highlights, semantic tokens and hovers.
 *
 * Scopes follow language.md, file layout/§5: a task's blocks share their state (its
 * mappings), kernel blocks share handles, a for_each variable lives in its body.
 */
import { Span } from '../common/span';
import { Arg, CallExpr, Expr, Ident, SourceFile, Stmt } from '../syntax/ast';
import { callSpec, Role, rolesAt } from './argRoles';
import { AnyNode, children, walkNodes, walkStatements } from './tree';

export type SymKind = 'mapping' | 'handle' | 'task' | 'cgroup' | 'loopVar' | 'node' | 'param';

/** properties of a node whose identifier is a name being declared or called, never a value (so never a param's use) */
const NAME_SLOTS = ['callee', 'name', 'key', 'nodeKind', 'assign', 'base', 'variable', 'driver', 'label'];

export interface Occurrence {
  span: Span;
  isDecl: boolean;
}

export interface Sym {
  kind: SymKind;
  name: string;
  /** 'task:app', 'kernel', 'device', 'loop@123', 'global' */
  scope: string;
  /** the declaring name */
  decl: Span;
  /** the whole declaring statement or declaration */
  declStmt: Span;
  occurrences: Occurrence[];
  nodeId?: number;
  /** for mappings/handles: the call that created it */
  createdBy?: string;
}

export interface Resolved {
  sym: Sym;
  occurrence: Occurrence;
}

export class SymbolIndex {
  readonly symbols: Sym[] = [];
  private sorted?: { occ: Occurrence; sym: Sym }[];
  /** node symbols by id, and each symbol's occurrence starts: linear in the file, not quadratic (node 0 is named thousands of times) */
  private readonly nodes = new Map<number, Sym>();
  private readonly starts = new Map<Sym, Set<number>>();

  add(sym: Sym): Sym {
    this.symbols.push(sym);
    if (sym.kind === 'node' && sym.nodeId !== undefined && !this.nodes.has(sym.nodeId)) this.nodes.set(sym.nodeId, sym);
    this.starts.set(sym, new Set(sym.occurrences.map((o) => o.span.start)));
    this.sorted = undefined;
    return sym;
  }

  ref(sym: Sym, span: Span): void {
    let seen = this.starts.get(sym);
    if (!seen) this.starts.set(sym, (seen = new Set(sym.occurrences.map((o) => o.span.start))));
    if (!seen.has(span.start)) {
      seen.add(span.start);
      sym.occurrences.push({ span, isDecl: false });
    }
    this.sorted = undefined;
  }

  /** The name under the cursor (end-inclusive). */
  at(offset: number): Resolved | undefined {
    if (!this.sorted) {
      this.sorted = this.symbols.flatMap((sym) => sym.occurrences.map((occ) => ({ occ, sym })));
      this.sorted.sort((a, b) => a.occ.span.start - b.occ.span.start);
    }
    const s = this.sorted;
    let lo = 0;
    let hi = s.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid].occ.span.start <= offset) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = best; i >= 0 && i >= best - 1; i--) {
      const e = s[i];
      if (offset >= e.occ.span.start && offset <= e.occ.span.end) return { sym: e.sym, occurrence: e.occ };
    }
    return undefined;
  }

  node(id: number): Sym | undefined {
    return this.nodes.get(id);
  }

  byName(kind: SymKind, name: string): Sym[] {
    return this.symbols.filter((s) => s.kind === kind && s.name === name);
  }
}

const indexCache = new WeakMap<SourceFile, SymbolIndex>();

export function symbolIndex(file: SourceFile): SymbolIndex {
  let idx = indexCache.get(file);
  if (!idx) {
    idx = buildIndex(file);
    indexCache.set(file, idx);
  }
  return idx;
}

function occ(span: Span, isDecl: boolean): Occurrence {
  return { span, isDecl };
}

function buildIndex(file: SourceFile): SymbolIndex {
  const idx = new SymbolIndex();
  const scoped = new Map<string, Sym>(); // `${scope}|${name}`
  const cgroups = new Map<string, Sym>();
  const tasks = new Map<string, Sym>();

  // ---- declarations at top level
  for (const item of file.items) {
    if (item.kind === 'NodeDecl' && item.id.kind === 'Number' && item.id.numKind === 'int') {
      const id = item.id.value;
      if (!idx.node(id))
        idx.add({ kind: 'node', name: String(id), scope: 'global', decl: item.id.span, declStmt: item.span, occurrences: [occ(item.id.span, true)], nodeId: id });
    } else if (item.kind === 'Cgroup' && item.name.kind === 'Ident') {
      if (!cgroups.has(item.name.name))
        cgroups.set(item.name.name, idx.add({ kind: 'cgroup', name: item.name.name, scope: 'global', decl: item.name.span, declStmt: item.span, occurrences: [occ(item.name.span, true)] }));
    } else if (item.kind === 'TaskBlock' && item.name.kind === 'Ident') {
      const t = tasks.get(item.name.name);
      if (t) idx.ref(t, item.name.span);
      else tasks.set(item.name.name, idx.add({ kind: 'task', name: item.name.name, scope: 'global', decl: item.name.span, declStmt: item.header, occurrences: [occ(item.name.span, true)] }));
    }
  }

  const scopeOf = (block: { kind: string; name?: Expr } | undefined): string => {
    if (!block) return 'global';
    if (block.kind === 'TaskBlock') return `task:${block.name && block.name.kind === 'Ident' ? (block.name as Ident).name : '?'}`;
    if (block.kind === 'KernelBlock') return 'kernel';
    return 'device';
  };

  // ---- variable declarations (assignments, loop variables)
  walkStatements(file, (s, ctx) => {
    const scope = scopeOf(ctx.block as never);
    if (s.kind === 'CallStmt' && s.assign) {
      const key = `${scope}|${s.assign.name}`;
      const existing = scoped.get(key);
      if (existing) idx.ref(existing, s.assign.span);
      else {
        const callee = s.call.callee.name;
        const kind = callSpec(callee)?.returns ?? (ctx.block?.kind === 'KernelBlock' ? 'handle' : 'mapping');
        scoped.set(key, idx.add({ kind, name: s.assign.name, scope, decl: s.assign.span, declStmt: s.span, occurrences: [occ(s.assign.span, true)], createdBy: callee }));
      }
    } else if (s.kind === 'ForEach' && s.variable.kind === 'Ident') {
      const loopScope = `loop@${s.span.start}`;
      scoped.set(`${loopScope}|${s.variable.name}`, idx.add({ kind: 'loopVar', name: s.variable.name, scope: loopScope, decl: s.variable.span, declStmt: s.span, occurrences: [occ(s.variable.span, true)] }));
    }
  });

  const resolveName = (name: string, scope: string, loops: { span: Span }[]): Sym | undefined => {
    for (const l of loops) {
      const v = scoped.get(`loop@${l.span.start}|${name}`);
      if (v) return v;
    }
    const v = scoped.get(`${scope}|${name}`);
    if (v) return v;
    if (scope === 'global') {
      // a top-level expect names a mapping of whichever task owns it
      for (const [k, sym] of scoped) if (k.endsWith(`|${name}`) && !k.startsWith('loop@')) return sym;
    }
    return undefined;
  };

  const nodeRef = (e: Expr | undefined, resolveVar: (i: Ident) => void): void => {
    if (!e) return;
    if (e.kind === 'Number') {
      const sym = idx.node(e.value);
      if (sym && e.numKind === 'int') idx.ref(sym, e.span);
    } else if (e.kind === 'IdRange') {
      nodeRef(e.from, resolveVar);
      nodeRef(e.to, resolveVar);
    } else if (e.kind === 'Set') e.elements.forEach((x) => nodeRef(x, resolveVar));
    else if (e.kind === 'Ident') resolveVar(e);
  };

  const visitExpr = (e: Expr | Arg | undefined, roles: Role[], resolveVar: (i: Ident) => void): void => {
    if (!e) return;
    if (e.kind === 'Arg') {
      visitExpr(e.value, roles, resolveVar);
      return;
    }
    if (roles.includes('node') || roles.includes('nodeset')) {
      nodeRef(e, resolveVar);
      return;
    }
    if (e.kind === 'Ident') {
      if (roles.includes('cgroup')) {
        const cg = cgroups.get(e.name);
        if (cg) idx.ref(cg, e.span);
        return;
      }
      resolveVar(e);
      return;
    }
    if (e.kind === 'Index') {
      resolveVar(e.base);
      return;
    }
    if (e.kind === 'Call') {
      visitCall(e, resolveVar);
      return;
    }
    for (const c of children(e)) visitExpr(c as Expr, [], resolveVar);
  };

  const visitCall = (call: CallExpr, resolveVar: (i: Ident) => void): void => {
    let pos = 0;
    for (const a of call.args) {
      const roles = a.name ? rolesAt(call.callee.name, 0, a.name.name) : rolesAt(call.callee.name, pos++);
      visitExpr(a.value, roles, resolveVar);
    }
  };

  // `task.var` / `kernel.var` (an expectation naming another scope's variable): the task part
  // refers to the task and the variable part to that scope's assignment, each on its own span,
  // so definition, hover, references and rename work on either half
  const qualified = (i: Ident): void => {
    const dot = i.name.indexOf('.');
    if (dot <= 0) return;
    const owner = i.name.slice(0, dot);
    const task = tasks.get(owner);
    if (task) idx.ref(task, { start: i.span.start, end: i.span.start + dot });
    const v = scoped.get(`${task ? `task:${owner}` : owner === 'kernel' ? 'kernel' : '?'}|${i.name.slice(dot + 1)}`);
    if (v) idx.ref(v, { start: i.span.start + dot + 1, end: i.span.end });
  };

  // ---- references
  walkStatements(file, (s: Stmt, ctx) => {
    const scope = scopeOf(ctx.block as never);
    const resolveVar = (i: Ident): void => {
      const sym = resolveName(i.name, scope, ctx.loops);
      if (sym) idx.ref(sym, i.span);
      else qualified(i);
    };
    if (s.kind === 'CallStmt') visitCall(s.call, resolveVar);
    else if (s.kind === 'PokeStmt') resolveVar(s.target.base);
    else if (s.kind === 'Expect' && s.body.form === 'metric') visitCall(s.body.metric, resolveVar);
  });

  for (const item of file.items) {
    if (item.kind === 'TaskBlock' && item.cgroup && item.cgroup.name.kind === 'Ident') {
      const cg = cgroups.get(item.cgroup.name.name);
      if (cg) idx.ref(cg, item.cgroup.name.span);
    } else if (item.kind === 'DeviceBlock') nodeRef(item.node, () => undefined);
    else if (item.kind === 'Distance') [item.a, item.b].forEach((e) => nodeRef(e, () => undefined));
    else if (item.kind === 'Cgroup') {
      nodeRef(item.mems?.set, () => undefined);
      nodeRef(item.sysram?.set, () => undefined);
    }
  }
  // ---- params: the declaration's name, and each identifier in a value position naming one
  // (the lowering decides whether the kind fits; a name another symbol took is not a param there)
  const params = new Map<string, Sym>();
  for (const item of file.items) {
    if (item.kind === 'Param' && item.name.kind === 'Ident' && !params.has(item.name.name)) {
      params.set(item.name.name, idx.add({ kind: 'param', name: item.name.name, scope: 'global', decl: item.name.span, declStmt: item.span, occurrences: [occ(item.name.span, true)] }));
    }
  }
  if (params.size) {
    const taken = new Set(idx.symbols.flatMap((s) => s.occurrences.map((o) => o.span.start)));
    walkNodes(file as unknown as AnyNode, (n, parent) => {
      if (n.kind !== 'Ident' || !parent || taken.has(n.span.start)) return;
      const sym = params.get((n as unknown as Ident).name);
      if (!sym || NAME_SLOTS.some((k) => (parent as unknown as Record<string, unknown>)[k] === n)) return;
      idx.ref(sym, n.span);
    });
  }
  for (const sym of idx.symbols) sym.occurrences.sort((a, b) => a.span.start - b.span.start);
  return idx;
}
