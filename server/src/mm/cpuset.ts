/**
 * kernel/cgroup/cpuset.c (cgroup v2): effective mems (requested ∩ parent; empty
 * = the parent's), the task's mems_allowed, the hardwall check of user
 * allocations, and a cpuset.mems write: policies are rebound (mempolicy.ts) and
 * pages on nodes no longer allowed are migrated (v2 always migrates).
 * v4: the root cpuset's mems = N_MEMORY ∪ N_MEMORY_PRIVATE. spm_v2: user
 * allocations see cpuset.mems.sysram (SPM nodes removed) unless __GFP_SPM_NODE.
 */
import { GFP } from './gfp';
import { Cgroup, Mm, Task } from './machine';

export function effectiveMems(mm: Mm, cg: Cgroup | undefined): number[] {
  const root = mm.rootMems();
  if (!cg) return root;
  const eff = cg.mems.filter((n) => root.includes(n));
  return eff.length ? eff : root;
}

/** task->mems_allowed */
export function taskMems(mm: Mm, t: Task): number[] {
  return effectiveMems(mm, t.cgroup ? mm.cgroups.get(t.cgroup) : undefined);
}

/** cpuset.mems.sysram (spm_v2): effective mems minus SPM nodes (or the declared `sysram` set) */
export function sysramMems(mm: Mm, t: Task): number[] {
  const cg = t.cgroup ? mm.cgroups.get(t.cgroup) : undefined;
  const eff = taskMems(mm, t);
  if (cg?.sysram) return eff.filter((n) => cg.sysram!.includes(n) && mm.node(n)?.state !== 'spm');
  return eff.filter((n) => mm.node(n)?.state !== 'spm');
}

/** cpuset_current_node_allowed() for a hardwall (user) allocation of the task */
export function taskAllowsNode(mm: Mm, t: Task, nid: number, gfp: number): boolean {
  if (mm.design.userMasks === 'sysram' && !(gfp & GFP.__GFP_SPM_NODE)) return sysramMems(mm, t).includes(nid);
  return taskMems(mm, t).includes(nid);
}

/** the nodes user space may name in a mempolicy (before the design's private rules) */
export function userVisibleMems(mm: Mm, t: Task): number[] {
  if (mm.design.userMasks === 'sysram') return sysramMems(mm, t);
  return taskMems(mm, t);
}
