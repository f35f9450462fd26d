import { DesignName, DESIGNS } from '../ir';

/** The designs of language.md §3, with their one-line meaning (for hovers and completion). */
export const DESIGN_DOCS: Record<DesignName, string> = {
  stock: 'Today\'s kernel: a `private` node is just another CPU-less N_MEMORY node in every fallback list; ops flags are ignored.',
  private_v4: 'RFC v4: N_MEMORY_PRIVATE nodes gated by __GFP_PRIVATE (hard guarantee); in no normal node\'s fallback list; a private node\'s own list is itself, then the N_MEMORY nodes; mm services reach it only through its NP_OPS flags. The default.',
  private_soft: 'The community\'s alternative: fallback-list isolation only, no __GFP_PRIVATE gate; anyone who names the node (node id, nodemask, for_each_node) reaches it.',
  private_nofallback: 'Like private_soft, but a private node\'s own fallback list holds only itself: allocations aimed at it never fall back.',
  spm_v2: 'RFC v2 SPM: SPM nodes stay N_MEMORY and in every zonelist, but zone walks skip them without __GFP_SPM_NODE; user masks are clipped to mt_sysram_nodelist; cpuset.mems.sysram.',
  zone_device: 'The memory as ZONE_DEVICE: not in the buddy allocator, no mbind/mempolicy, no LRU (no reclaim, demotion, compaction); only explicit driver allocation and device migration.',
};

export function isDesignName(s: string): s is DesignName {
  return (DESIGNS as readonly string[]).includes(s);
}
