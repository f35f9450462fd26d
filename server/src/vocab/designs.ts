/** a design's name: a built-in of the prelude, or one declared in the workspace's designs.mmlab or the file */
export type DesignName = string;
/** the built-in designs, in the prelude's order (the default columns of a comparison); the vocabulary owns them, model/ir.ts re-exports them */
export const DESIGNS: readonly DesignName[] = ['stock', 'private_v4', 'private_soft', 'private_nofallback', 'spm_v2', 'zone_device', 'private_latest', 'nofallback_only', 'folio_only', 'memalloc_scope', 'private_v5', 'memory_public', 'memory_common'];
export const DEFAULT_DESIGN: DesignName = 'private_v4';

/** The designs of language.md, designs, with their one-line meaning (for hovers and completion). */
export const DESIGN_DOCS: Record<DesignName, string> = {
  stock: 'Today\'s kernel: a `private` node is just another CPU-less N_MEMORY node in every fallback list; ops flags are ignored.',
  private_v4: 'RFC v4: N_MEMORY_PRIVATE nodes gated by __GFP_PRIVATE (hard guarantee); in no normal node\'s fallback list; a private node\'s own list is itself, then the N_MEMORY nodes; mm services reach it only through its NP_OPS flags. The default.',
  private_soft: 'The community\'s alternative: fallback-list isolation only, no __GFP_PRIVATE gate; anyone who names the node (node id, nodemask, for_each_node) reaches it.',
  private_nofallback: 'Like private_soft, but a private node\'s own fallback list holds only itself: allocations aimed at it never fall back.',
  spm_v2: 'RFC v2 SPM: SPM nodes stay N_MEMORY and in every zonelist, but zone walks skip them without __GFP_SPM_NODE; user masks are clipped to mt_sysram_nodelist; cpuset.mems.sysram.',
  zone_device: 'The memory as ZONE_DEVICE: not in the buddy allocator, no mbind/mempolicy, no LRU (no reclaim, demotion, compaction); only explicit driver allocation and device migration.',
  nofallback_only: 'Post-v4 TN, "NOFALLBACK-only" (Price, Jun 2026; mail only, **inferred**): a private node only in its own NOFALLBACK list, so __GFP_THISNODE is the key; slub\'s THISNODE try and hugetlb leak onto it.',
  folio_only: 'Post-v4 DF, "folios only, with __GFP_THISNODE" (Hildenbrand, Jun 2026; mail only, **inferred**): non-folio allocations never reach a private node; hugetlb (folio + THISNODE) does.',
  memalloc_scope: 'Post-v4 MA, the memalloc_private scope (Price, Jun 2026; mail only, **inferred**): the scope unlocks private nodes, memalloc_folio keeps non-folio off; interrupts and nested allocations inherit it; shared lists can spill onto another device\'s node.',
  private_v5: 'RFC v5 (Jul 2026) = the zonelist selector: private nodes in no FALLBACK/NOFALLBACK list; reached only through ZONELIST_PRIVATE selected per call; v5 capabilities.',
  memory_public: 'Post-v5 snapshot R1 (N_MEMORY minus N_MEMORY_PUBLIC): v5\'s reach; HugeTLB pool placement needs USER_NUMA.',
  memory_common: 'Post-v5 snapshot R2 (N_MEMORY minus N_MEMORY_COMMON): only the driver-only folio_alloc_node_private() reaches a private node; no userspace NUMA access.',
  private_latest: 'The post-v4 ZONELIST_PRIVATE design: private nodes are in no FALLBACK or NOFALLBACK list, not even their own; a caller that means the node (a policy with MPOL_F_PRIVATE, a driver\'s GFP_PRIVATE, a service migrating to it) walks ZONELIST_PRIVATE. No per-zone gate.',
};

/**
 * One line per built-in design for pickers, the status bar and the `mmlab.design` setting
 * (package.json's enumDescriptions must say the same: test/unit/packageJson.test.ts checks it).
 */
export const DESIGN_SUMMARIES: Record<DesignName, string> = {
  stock: "today's kernel: a private node is just another N_MEMORY node",
  private_v4: 'RFC v4: N_MEMORY_PRIVATE gated by __GFP_PRIVATE (hard guarantee)',
  private_soft: 'fallback-list isolation only, no __GFP_PRIVATE gate',
  private_nofallback: "like private_soft; a private node's own fallback list is only itself",
  spm_v2: 'SPM nodes stay N_MEMORY; zone walks filter them unless __GFP_SPM_NODE',
  zone_device: 'ZONE_DEVICE memory: not in the buddy allocator, no mempolicy, no LRU',
  private_latest: 'post-v4 ZONELIST_PRIVATE: private nodes in no fallback list, reached only by callers that mean them',
  nofallback_only: 'post-v4 (Jun 2026, mail): private nodes only in their own NOFALLBACK list; __GFP_THISNODE is the key [inferred]',
  folio_only: 'post-v4 (Jun 2026, mail): private nodes take only folios with __GFP_THISNODE [inferred]',
  memalloc_scope: 'post-v4 (Jun 2026, mail): memalloc_private scope unlocks private nodes; memalloc_folio keeps non-folio off [inferred]',
  private_v5: 'RFC v5 (Jul 2026): ZONELIST_PRIVATE selected per call; v5 capabilities',
  memory_public: 'post-v5 snapshot R1: private = N_MEMORY minus N_MEMORY_PUBLIC; HugeTLB needs USER_NUMA',
  memory_common: 'post-v5 snapshot R2: private = N_MEMORY minus N_MEMORY_COMMON; only folio_alloc_node_private',
};

/** a built-in design's name */
export function isDesignName(s: unknown): s is DesignName {
  return typeof s === 'string' && (DESIGNS as readonly string[]).includes(s);
}

/**
 * The family a design belongs to, for grouping comparison columns: the v4 series and the
 * alternatives argued against it, the post-v4 variants (June 2026 onward), and the rest
 * (today's kernel, SPM, ZONE_DEVICE, and any design declared in a workspace).
 */
export type DesignFamily = 'v4 family' | 'post-v4' | 'other';
export const FAMILY_ORDER: readonly DesignFamily[] = ['v4 family', 'post-v4', 'other'];
const FAMILY: Record<string, DesignFamily> = {
  private_v4: 'v4 family',
  private_soft: 'v4 family',
  private_nofallback: 'v4 family',
  nofallback_only: 'post-v4',
  folio_only: 'post-v4',
  memalloc_scope: 'post-v4',
  private_v5: 'post-v4',
  memory_public: 'post-v4',
  memory_common: 'post-v4',
  private_latest: 'post-v4',
};

export function designFamily(name: string): DesignFamily {
  return FAMILY[name] ?? 'other';
}
