/**
 * mm/oom_kill.c: constrained_alloc() (CONSTRAINT_NONE / CPUSET / MEMORY_POLICY;
 * no memcg in this model), victim eligibility (mempolicy_in_oom_domain for a
 * policy-constrained OOM, else cpuset mems intersection; v4: oom_mems_intersect
 * over OOM-eligible N_MEMORY nodes), badness = rss + swap entries + page tables, and the kill
 * (every page of the victim freed, the task dead). kernel-rules §6.
 */
import { MPOL_MODE } from '../vocab/mpol';
import { NP_OPS_OOM_ELIGIBLE } from '../vocab/npops';
import { isNode, SWAP } from './extents';
import { GFP, has, zoneUsable } from './gfp';
import { Mapping, Mm, Task } from './machine';
import type { AllocRequest } from './page_alloc';
import { taskMems } from './cpuset';
import { zonelistForGfp } from './zonelist';
import { freeTaskMemory } from './memory';
import { specialNode } from './designs';

export type Constraint = 'CONSTRAINT_NONE' | 'CONSTRAINT_CPUSET' | 'CONSTRAINT_MEMORY_POLICY' | 'CONSTRAINT_MEMCG';

export interface OomResult {
  victim?: string;
  constraint: Constraint;
  message: string;
  /** the allocation was a GFP_PRIVATE one or a private-node bind fault */
  privateOom: boolean;
}

/** node_oom_eligible(): a private node counts only with RECLAIM and DEMOTION */
export function nodeOomEligible(mm: Mm, nid: number): boolean {
  const n = mm.node(nid);
  if (!n) return false;
  if (n.state !== 'private' || mm.design.oomNodes !== 'ops_eligible') return true;
  return !!n.ops && (n.ops.flags & NP_OPS_OOM_ELIGIBLE) === NP_OPS_OOM_ELIGIBLE;
}

export function constrainedAlloc(mm: Mm, req: Pick<AllocRequest, 'nid' | 'gfp' | 'nodemask' | 'task'>): Constraint {
  if (has(req.gfp, GFP.__GFP_THISNODE)) return 'CONSTRAINT_NONE';
  const nmem = mm.nMemory();
  // spm_v2: out_of_memory() turns a NULL nodemask into mt_sysram_nodemask(), which leaves the SPM nodes out
  let nodemask = req.nodemask;
  const special = (n: number) => { const node = mm.node(n); return !!node && specialNode(mm.design, node); };
  if (!nodemask && mm.design.oomNodes === 'sysram' && !(req.gfp & mm.design.unlock) && nmem.some(special)) nodemask = nmem.filter((n) => !special(n));
  if (nodemask && !nmem.every((n) => nodemask!.includes(n))) return 'CONSTRAINT_MEMORY_POLICY';
  const list = zonelistForGfp(mm, req.nid, req.gfp, false).filter((id) => {
    const n = mm.node(id);
    return n && n.present > 0 && zoneUsable(req.gfp, n.zone) && (!req.nodemask || req.nodemask.includes(id));
  });
  for (const id of list) {
    if (req.task && !taskMems(mm, req.task).includes(id)) return 'CONSTRAINT_CPUSET';
    if (mm.design.oomNodes === 'ops_eligible' && mm.node(id)?.state === 'private' && !nodeOomEligible(mm, id)) return 'CONSTRAINT_CPUSET';
  }
  return 'CONSTRAINT_NONE';
}

/** a task's pages of one mapping: resident (on a node) and swapped out */
function mappingPages(m: Mapping): { rss: number; swap: number } {
  let rss = 0;
  let swap = 0;
  for (const [v, c] of m.set.counts()) {
    if (isNode(v)) rss += c;
    else if (v === SWAP) swap += c;
  }
  return { rss, swap };
}

/**
 * oom_badness(): rss + swap entries + page-table pages (mm_pgtables_bytes / PAGE_SIZE). Page
 * tables: one PTE page per 512 mapped-or-swapped pages of a mapping (rounded up), an estimate.
 */
export function badness(mm: Mm, t: Task): number {
  let pts = 0;
  for (const m of t.mappings.values()) {
    const { rss, swap } = mappingPages(m);
    pts += rss + swap + Math.ceil((rss + swap) / 512);
  }
  return pts;
}

function eligible(mm: Mm, current: Task | undefined, t: Task, constraint: Constraint, mask: number[] | undefined): boolean {
  if (constraint === 'CONSTRAINT_MEMORY_POLICY' && mask) {
    // mempolicy_in_oom_domain: only a task BIND policy must intersect the mask
    const p = t.policy;
    if (p && p.mode === MPOL_MODE.MPOL_BIND) return p.nodes.some((n) => mask.includes(n));
    return true;
  }
  if (!current) return true;
  const a = taskMems(mm, current);
  const b = taskMems(mm, t);
  if (mm.design.oomNodes === 'ops_eligible') {
    // oom_mems_intersect(): share an OOM-eligible N_MEMORY node
    return mm.nMemory().some((n) => a.includes(n) && b.includes(n) && nodeOomEligible(mm, n));
  }
  return a.some((n) => b.includes(n));
}

/**
 * check_panic_on_oom(): vm.panic_on_oom = 1 panics on an unconstrained OOM only (a cpuset,
 * mempolicy or memcg OOM still kills a task); 2 panics on every OOM. It runs before a victim is
 * chosen, so nothing is killed.
 */
export function checkPanicOnOom(mm: Mm, constraint: Constraint): string | undefined {
  const mode = mm.sysctl('vm.panic_on_oom');
  if (!mode) return undefined;
  if (mode !== 2 && constraint !== 'CONSTRAINT_NONE') return undefined;
  return `Out of memory: ${mode === 2 ? 'compulsory' : 'system-wide'} panic_on_oom is enabled`;
}

/** out_of_memory(): pick and kill a victim. */
export function outOfMemory(mm: Mm, req: AllocRequest, usable: number[]): OomResult {
  const constraint = constrainedAlloc(mm, req);
  const privateOom = !!req.privateFault || (has(req.gfp, GFP.__GFP_PRIVATE) && has(req.gfp, GFP.__GFP_THISNODE));
  if (mm.panicked) return { constraint, message: mm.panicked, privateOom };
  const panic = checkPanicOnOom(mm, constraint);
  if (panic) {
    mm.panicked = panic;
    mm.tracer.line(`Kernel panic - not syncing: ${panic} (${constraint})`);
    return { constraint, message: panic, privateOom };
  }
  const mask = constraint === 'CONSTRAINT_MEMORY_POLICY' ? req.nodemask : undefined;
  let victim: Task | undefined;
  let best = -1;
  for (const t of mm.liveTasks()) {
    if (!eligible(mm, req.task, t, constraint, mask)) continue;
    const pts = badness(mm, t);
    if (pts > best) {
      best = pts;
      victim = t;
    }
  }
  const where = `${constraint}${req.nodemask ? `, nodemask=${req.nodemask.join(',')}` : ', nodemask=(null)'}`;
  if (!victim || best <= 0 && victim !== req.task) {
    if (!victim) {
      const message = `out of memory (${where}) and no killable process`;
      mm.tracer.line(message);
      return { constraint, message, privateOom };
    }
  }
  let rss = 0;
  for (const m of victim!.mappings.values()) rss += mappingPages(m).rss;
  const message = `oom-kill: constraint=${where}, task=${victim!.name}: Killed process ${victim!.name} (anon-rss:${rss * 4}kB)`;
  mm.tracer.event('oom_kill', message);
  mm.tracer.line(message);
  mm.stat.add('oom_kill', 1);
  killTask(mm, victim!, `OOM-killed (${constraint})`);
  if (req.task && victim !== req.task && constraint === 'CONSTRAINT_MEMORY_POLICY' && privateOom)
    mm.inferred(
      `inferred (kernel-rules §6): ${victim!.name} never used the exhausted private node but is an eligible victim: mempolicy_in_oom_domain() only excludes tasks whose task policy is a BIND that misses the mask`,
    );
  mm.oomEvents.push({ victim: victim!.name, constraint, privateOom, message: `${req.path}: ${message}` });
  return { victim: victim!.name, constraint, message, privateOom };
}

export function killTask(mm: Mm, t: Task, why: string): void {
  t.dead = { span: mm.currentSpan, why };
  freeTaskMemory(mm, t);
}
