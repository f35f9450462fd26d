/**
 * kernel/cgroup/cpuset.c (cgroup v2): effective mems (requested ∩ parent; empty
 * = the parent's), the task's mems_allowed, the hardwall check of user
 * allocations, and a cpuset.mems write: policies are rebound (mempolicy.ts) and
 * pages on nodes no longer allowed are migrated (v2 always migrates).
 * v4: the root cpuset's mems = N_MEMORY ∪ N_MEMORY_PRIVATE. spm_v2: user
 * allocations see cpuset.mems.sysram (SPM nodes removed) unless __GFP_SPM_NODE.
 * The design's `cpuset` choice: v5's cpusets ignore private nodes, R1's refuse a
 * private-only cpuset.mems.
 */
import { MPOL_MODE_FLAG } from '../vocab/mpol';
import { cpusetIgnores, specialNode } from './designs';
import { Cgroup, Mm, Policy, Task } from './machine';
import { rebindPolicy } from './mempolicy';
import { migrateToNode, nodeAllowsMigrate, segmentsOf } from './migrate';

export function effectiveMems(mm: Mm, cg: Cgroup | undefined): number[] {
  const root = mm.rootMems();
  if (!cg) return root;
  const eff = cg.mems.filter((n) => root.includes(n));
  return eff.length ? eff : root;
}

/**
 * guarantee_online_mems() with the v4 change (kernel-rules §1.5): the cpuset's effective mems
 * that are N_MEMORY; when none is (a cpuset of private nodes only), the nearest ancestor's N_MEMORY
 * nodes (cgroups are flat here: the top cpuset's), then the cpuset's own private nodes again
 * (private nodes are never inherited from an ancestor). So `mems 2` with 2 private gives {0, 2}:
 * ordinary faults still have somewhere to go.
 */
export function guaranteeOnlineMems(mm: Mm, cg: Cgroup | undefined): number[] {
  const eff = effectiveMems(mm, cg);
  // (a loop, not some() with a closure: every fault of a task asks)
  for (let i = 0; i < eff.length; i++) if (mm.node(eff[i])?.state !== 'private') return eff;
  // (no closure over mm in this function: it would make every call allocate a context)
  const online = notPrivate(mm, mm.rootMems());
  return [...new Set([...online, ...eff])].sort((x, y) => x - y);
}

function notPrivate(mm: Mm, nodes: number[]): number[] {
  return nodes.filter((n) => mm.node(n)?.state !== 'private');
}

/**
 * task->mems_allowed. A design whose cpusets ignore private nodes (v5) never makes one
 * effective; one that governs them (R1) refused a private-only cpuset.mems, so such a cgroup
 * keeps its parent's mems (a declaration is a write that already happened).
 */
export function taskMems(mm: Mm, t: Task): number[] {
  const cg = t.cgroup ? mm.cgroups.get(t.cgroup) : undefined;
  if (mm.design.cpuset === 'ignores') return publicMems(mm, cg);
  if (mm.design.cpuset === 'governs' && cg && cpusetWriteRefused(mm, cg.mems)) return mm.rootMems();
  return guaranteeOnlineMems(mm, cg);
}

/**
 * The effective mems without the private nodes the design's cpusets ignore (the root's when none
 * is left). Its own function: a closure over `mm` in taskMems made every call of it (each fault)
 * allocate a context, whichever branch ran.
 */
function publicMems(mm: Mm, cg: Cgroup | undefined): number[] {
  const pub = effectiveMems(mm, cg).filter((n) => !cpusetIgnores(mm.design, mm.node(n)));
  return pub.length ? pub : mm.rootMems().filter((n) => !cpusetIgnores(mm.design, mm.node(n)));
}

/** why a write of cpuset.mems is refused by the design (R1: private nodes only), or undefined */
export function cpusetWriteRefused(mm: Mm, mems: number[]): string | undefined {
  if (mm.design.cpuset !== 'governs' || !mems.length || !mems.every((n) => mm.node(n)?.state === 'private')) return undefined;
  return `cpuset.mems {${mems}} holds private nodes only: refused (hardwall allocations would spin on refaults)`;
}

/** cpuset.mems.sysram (designs whose user masks are clipped to sysram): effective mems minus special nodes (or the declared `sysram` set) */
export function sysramMems(mm: Mm, t: Task): number[] {
  const cg = t.cgroup ? mm.cgroups.get(t.cgroup) : undefined;
  const eff = taskMems(mm, t);
  const sys = (n: number) => { const node = mm.node(n); return !node || !specialNode(mm.design, node); };
  if (cg?.sysram) return eff.filter((n) => cg.sysram!.includes(n) && sys(n));
  return eff.filter(sys);
}

/** cpuset_current_node_allowed() for a hardwall (user) allocation of the task */
export function taskAllowsNode(mm: Mm, t: Task, nid: number, gfp: number, mems = hardwallMems(mm, t, gfp)): boolean {
  if (cpusetIgnores(mm.design, mm.node(nid))) return true;
  return mems.includes(nid);
}

/** the nodes a hardwall allocation of the task may use (taskAllowsNode's list: the same for every node of one zone walk) */
export function hardwallMems(mm: Mm, t: Task, gfp: number): number[] {
  if (mm.design.userNodemasks === 'sysram' && !(gfp & mm.design.unlock)) return sysramMems(mm, t);
  return taskMems(mm, t);
}

/** the nodes user space may name in a mempolicy (before the design's private rules) */
export function userVisibleMems(mm: Mm, t: Task): number[] {
  if (mm.design.userNodemasks === 'sysram') return sysramMems(mm, t);
  // cpusets that ignore private nodes neither grant nor deny them: every private node is nameable
  if (mm.design.cpuset === 'ignores') return [...new Set([...taskMems(mm, t), ...mm.nPrivate()])].sort((a, b) => a - b);
  return taskMems(mm, t);
}

/**
 * update_nodemask(): a write of cpuset.mems. Each member task's policies are rebound
 * (mpol_rebind_mm; a private node quietly lost without MPOL_F_STATIC_NODES is a cpuset-rebind
 * warning), then cpuset_migrate_mm() moves its pages off the nodes no longer allowed.
 */
export function updateNodemask(mm: Mm, cg: Cgroup, mems: number[]): void {
  // the tasks' new mems_allowed come from guarantee_online_mems() (cpuset_change_task_nodemask)
  const before = guaranteeOnlineMems(mm, cg);
  const effBefore = effectiveMems(mm, cg);
  cg.mems = [...mems];
  const after = guaranteeOnlineMems(mm, cg);
  const effAfter = effectiveMems(mm, cg);
  mm.tracer.line(`cpuset ${cg.name}: mems.effective {${effBefore}} → {${effAfter}}${after.join() !== effAfter.join() ? ` (tasks' mems_allowed {${after}})` : ''}`);
  for (const t of mm.liveTasks()) {
    if (t.cgroup !== cg.name) continue;
    const policies: [string, Policy][] = [];
    if (t.policy) policies.push([`task policy of ${t.name}`, t.policy]);
    for (const m of t.mappings.values()) for (const p of m.policies) policies.push([`VMA policy of ${m.owner}`, p.policy]);
    for (const [what, p] of policies) {
      const r = rebindPolicy(mm, p, after);
      if (!r.changed) continue;
      mm.tracer.line(`${what}: rebound {${r.before}} → {${p.nodes}}`);
      if (r.hadPrivate && !(p.flags & MPOL_MODE_FLAG.MPOL_F_STATIC_NODES))
        mm.emit(
          'cpuset-rebind',
          `${what}: MPOL_BIND-style policy on private node(s) {${r.before.filter((n) => mm.node(n)?.state === 'private')}} quietly rebound to {${p.nodes}} by the cpuset.mems change (no MPOL_F_STATIC_NODES)`,
          [...(p.span ? [{ span: p.span, message: 'the policy was set here' }] : []), ...r.before.flatMap((n) => (mm.node(n)?.state === 'private' ? mm.nodeRelated(n) : []))],
        );
    }
    cpusetMigrateMm(mm, t, before, after);
  }
}

/** cpuset_migrate_mm() (cgroup v2 always migrates): pages on nodes no longer allowed move, positionally remapped */
function cpusetMigrateMm(mm: Mm, t: Task, before: number[], after: number[]): void {
  const gone = before.filter((n) => !after.includes(n));
  for (const [k, src] of gone.entries()) {
    const dst = after[k % after.length];
    if (dst === undefined) continue;
    // do_migrate_pages() isolates only folios that may migrate: a private node without
    // NP_OPS_MIGRATION keeps its pages, as move_pages, migrate_pages and offline already do
    if (!nodeAllowsMigrate(mm, src)) {
      mm.tracer.line(`cpuset_migrate_mm: pages on node ${src} stay (private node without NP_OPS_MIGRATION)`);
      continue;
    }
    for (const m of t.mappings.values()) {
      const segs = segmentsOf(m, 0, m.pages, (v) => v === src);
      if (segs.length) migrateToNode(mm, dst, segs, 'cpuset');
    }
  }
}
