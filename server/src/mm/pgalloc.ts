/**
 * include/linux/mm.h pagetable_alloc() (asm-generic/pgalloc.h __pte_alloc_one):
 * GFP_PGTABLE_USER pages from alloc_pages(), which outside an interrupt and without
 * __GFP_THISNODE uses the task's policy (policy_node / policy_nodemask): a BIND mask is
 * the nodemask. Page tables are not folios and never carry __GFP_PRIVATE; a private
 * policy (MPOL_F_PRIVATE) selects ZONELIST_PRIVATE under the designs that have one,
 * which is how a post-v5 selftest finds page tables on a kernel-zoned private node.
 */
import type { AllocCtx } from './alloc_context';
import { GFP, GFP_COMPOSITE } from './gfp';
import { Mm, Task } from './machine';
import { planFor, planWhy } from './mempolicy';

export const GFP_PGTABLE_USER = GFP_COMPOSITE.GFP_KERNEL_ACCOUNT | GFP.__GFP_ZERO;

export interface PagetablePlacement {
  nid: number;
  nodemask?: number[];
  why: string;
}

/** where a task's page-table pages are allocated; marks the context private when the policy is */
export function pagetablePlacement(mm: Mm, task: Task, ctx: AllocCtx): PagetablePlacement {
  const plan = planFor(mm, task, task.policy, task.node);
  if (task.policy?.private) ctx.zonelist = 'private';
  if (plan.kind === 'interleave') return { nid: task.node, why: `${planWhy(plan)} (page tables: the local node)` };
  return { nid: plan.nid, nodemask: plan.kind === 'single' ? plan.nodemask : undefined, why: planWhy(plan) };
}
