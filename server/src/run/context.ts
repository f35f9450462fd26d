/**
 * What a statement runs in: the block kind, its task / device node, the loop
 * variables of enclosing for_each statements, and name resolution of ranges,
 * handles and node references.
 */
import { Span } from '../common/span';
import { NodeRef, NodeSet, RangeRef } from '../model/ir';
import type { AllocCtx, AllocKind } from '../mm/alloc_context';
import { PAGE_SIZE } from '../mm/gfp';
import { Handle, Mapping, Mm, PageRange, Task } from '../mm/machine';

export interface ExecContext {
  block: 'task' | 'kernel' | 'device' | 'top';
  task?: Task;
  device?: number;
  label?: string;
  /** the loop variables (read only: a loop makes its own copy; a block without loops shares NO_VARS) */
  env: ReadonlyMap<string, number>;
  /** a `driver NAME { }` block: the device whose driver runs it */
  driver?: string;
  /** memalloc scopes open around the statement (current->flags; interrupts and nested calls inherit them) */
  scope?: { private: boolean; folio: boolean };
  /** inside `interrupt { }`: not the driver's own code, but current's flags */
  irq?: boolean;
}

/** the variables of a block outside every loop: one empty map for every block (a Map per block was 3 % of an editor run's allocation) */
export const NO_VARS: ReadonlyMap<string, number> = new Map();

/** The allocation context a kernel statement's allocation carries (mm/alloc_context.ts). */
export function allocCtxOf(ctx: ExecContext, kind: AllocKind): AllocCtx {
  const a: AllocCtx = { kind };
  if (ctx.scope?.private) a.scopePrivate = true;
  if (ctx.scope?.folio) a.scopeFolio = true;
  if (ctx.driver !== undefined && !ctx.irq) a.driver = ctx.driver;
  if (ctx.irq) a.irq = true;
  return a;
}

export function resolveNode(ctx: ExecContext, ref: NodeRef): number {
  if ('const' in ref) return ref.const;
  return ctx.env.get(ref.var) ?? -1;
}

export function resolveNodeSet(ctx: ExecContext, set: NodeSet | undefined): number[] | undefined {
  if (!set) return undefined;
  // sorted, without duplicates: insertion into one work array (no Set, spread or sort per
  // statement), copied out at its size (an array grown by push from [] reserves 17 elements)
  let len = 0;
  for (const r of set.nodes) {
    const n = resolveNode(ctx, r);
    let j = len;
    while (j > 0 && setScratch[j - 1] > n) j--;
    if (j > 0 && setScratch[j - 1] === n) continue;
    for (let k = len; k > j; k--) setScratch[k] = setScratch[k - 1];
    setScratch[j] = n;
    len++;
  }
  return setScratch.slice(0, len);
}
/** resolveNodeSet's work array (filled and copied out within one call) */
const setScratch: number[] = [];

export type Target = { kind: 'mapping'; mapping: Mapping } | { kind: 'handle'; handle: Handle };

/**
 * a name: the task's mapping, else a kernel handle, else any task's mapping (for top-level
 * expects). With `scope` (an expectation's `task.var`, resolved by the front end) only that
 * task's mapping or the kernel's handle: another task's or the kernel's same name is not it.
 */
export function resolveTarget(mm: Mm, ctx: ExecContext, name: string, scope?: string): Target | undefined {
  if (scope === 'kernel') {
    const h = mm.handles.get(name);
    return h && { kind: 'handle', handle: h };
  }
  if (scope !== undefined) {
    const m = mm.task(scope)?.mappings.get(name);
    if (m) return { kind: 'mapping', mapping: m };
    // a handle a task block allocated (pagetable_alloc) is kept with the kernel's, by name
    const h = mm.handles.get(name);
    return h && { kind: 'handle', handle: h };
  }
  const own = ctx.task?.mappings.get(name);
  if (own) return { kind: 'mapping', mapping: own };
  const h = mm.handles.get(name);
  if (h) return { kind: 'handle', handle: h };
  const m = anyTaskMapping(mm, name);
  return m && { kind: 'mapping', mapping: m };
}

/**
 * resolveTarget's answer when it is a mapping, without the answer object (every range statement
 * asks: the task's own mapping, else none when a kernel handle has the name, else any task's).
 */
export function mappingNamed(mm: Mm, ctx: ExecContext, name: string): Mapping | undefined {
  const own = ctx.task?.mappings.get(name);
  if (own) return own;
  if (mm.handles.has(name)) return undefined;
  return anyTaskMapping(mm, name);
}

/** the first task, in creation order, with a mapping of that name */
function anyTaskMapping(mm: Mm, name: string): Mapping | undefined {
  // found among the tasks as they are, then handed out (mm.task): the caller may change it
  for (const t of [...mm.tasksToRead().values()].sort((a, b) => a.order - b.order)) {
    if (t.mappings.has(name)) return mm.task(t.name)?.mappings.get(name);
  }
  return undefined;
}

export function pageRange(m: { pages: number; sizeBytes: number }, sel: RangeRef['sel']): PageRange {
  switch (sel.kind) {
    case 'whole':
      return { a: 0, b: m.pages, byteStart: 0, overflow: false };
    case 'page': {
      const p = Math.floor(sel.offset / PAGE_SIZE);
      return { a: Math.min(p, m.pages), b: Math.min(p + 1, m.pages), byteStart: p * PAGE_SIZE, overflow: sel.offset >= m.sizeBytes };
    }
    case 'bytes': {
      const a = Math.floor(sel.start / PAGE_SIZE);
      const b = Math.ceil(sel.end / PAGE_SIZE);
      return { a: Math.min(a, m.pages), b: Math.min(b, m.pages), byteStart: sel.start, overflow: sel.end > m.sizeBytes || sel.start > sel.end };
    }
    case 'percent': {
      const a = Math.floor(sel.start * m.pages);
      const b = Math.max(a, Math.floor(sel.end * m.pages));
      return { a: Math.min(a, m.pages), b: Math.min(b, m.pages), byteStart: a * PAGE_SIZE, overflow: sel.end > 1 || sel.start > sel.end };
    }
  }
}

export function spanText(s: Span): string {
  return `${s.start}-${s.end}`;
}
