import { table } from './entry';

/** include/uapi/linux/mempolicy.h */
export const MPOL_MODE = {
  MPOL_DEFAULT: 0,
  MPOL_PREFERRED: 1,
  MPOL_BIND: 2,
  MPOL_INTERLEAVE: 3,
  MPOL_LOCAL: 4,
  MPOL_PREFERRED_MANY: 5,
  MPOL_WEIGHTED_INTERLEAVE: 6,
} as const;

export const MPOL_MODE_FLAG = {
  MPOL_F_STATIC_NODES: 1 << 15,
  MPOL_F_RELATIVE_NODES: 1 << 14,
  MPOL_F_NUMA_BALANCING: 1 << 13,
} as const;

/** Internal (not accepted from user space): v4 sets it when every private node in the mask has MEMPOLICY. */
export const MPOL_F_PRIVATE = 1 << 5;

export const MPOL_MF = {
  MPOL_MF_STRICT: 1 << 0,
  MPOL_MF_MOVE: 1 << 1,
  MPOL_MF_MOVE_ALL: 1 << 2,
} as const;

export const MPOL_TABLE = table([
  { name: 'MPOL_DEFAULT', value: 0, source: 'upstream', doc: 'Remove the policy (falls back to the task policy, then local allocation). A non-empty mask is EINVAL.' },
  { name: 'MPOL_PREFERRED', value: 1, source: 'upstream', doc: 'Prefer one node (only the first of the mask is kept); fall back by distance. Empty mask = MPOL_LOCAL.' },
  { name: 'MPOL_BIND', value: 2, source: 'upstream', doc: 'Allocate only from the mask (nearest node of the mask first); no fallback outside it: exhaustion ends in a policy-constrained OOM.' },
  { name: 'MPOL_INTERLEAVE', value: 3, source: 'upstream', doc: 'Round-robin over the mask; VMA faults index by page offset (anon: vaddr >> PAGE_SHIFT), each page uses its node\'s full fallback list.' },
  { name: 'MPOL_LOCAL', value: 4, source: 'upstream', doc: 'Allocate on the local node of the CPU. A non-empty mask is EINVAL.' },
  { name: 'MPOL_PREFERRED_MANY', value: 5, source: 'upstream', doc: 'Try the mask first without direct reclaim, then any node.' },
  { name: 'MPOL_WEIGHTED_INTERLEAVE', value: 6, source: 'upstream', doc: 'Interleave weighted by /sys/kernel/mm/mempolicy/weighted_interleave/nodeN (default 1; 6.9+).' },
  { name: 'MPOL_F_STATIC_NODES', value: MPOL_MODE_FLAG.MPOL_F_STATIC_NODES, source: 'upstream', doc: 'Mode flag: the mask is not remapped on cpuset changes (intersected instead). Proposed as required for private-node mbind (the isolation mail, 2026-06-03).' },
  { name: 'MPOL_F_RELATIVE_NODES', value: MPOL_MODE_FLAG.MPOL_F_RELATIVE_NODES, source: 'upstream', doc: 'Mode flag: the mask is relative to the cpuset\'s allowed nodes. Exclusive with STATIC (EINVAL).' },
  { name: 'MPOL_F_NUMA_BALANCING', value: MPOL_MODE_FLAG.MPOL_F_NUMA_BALANCING, source: 'upstream', doc: 'Mode flag: NUMA-balancing promotion under BIND (and PREFERRED_MANY on newer kernels); other modes EINVAL.' },
  { name: 'MPOL_F_PRIVATE', value: MPOL_F_PRIVATE, source: 'v4', doc: 'v4 internal policy flag set by mpol_set_nodemask when every private node of the mask has NP_OPS_MEMPOLICY; faults under it add __GFP_PRIVATE. Not accepted from user space.' },
  { name: 'MPOL_MF_STRICT', value: MPOL_MF.MPOL_MF_STRICT, source: 'upstream', doc: 'mbind: EIO if existing pages do not follow the policy (or, with MOVE, could not be moved).' },
  { name: 'MPOL_MF_MOVE', value: MPOL_MF.MPOL_MF_MOVE, source: 'upstream', doc: 'mbind: migrate existing pages (not shared ones) to follow the policy.' },
  { name: 'MPOL_MF_MOVE_ALL', value: MPOL_MF.MPOL_MF_MOVE_ALL, source: 'upstream', doc: 'mbind: migrate shared pages too (needs CAP_SYS_NICE).' },
]);
