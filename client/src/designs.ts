/** Design names with the one-line descriptions of language.md, designs, for pickers and tooltips. */
import { DESIGNS, DesignName } from '../../server/src/model/ir';

export const DESIGN_DESCRIPTIONS: Record<DesignName, string> = {
  stock: "today's kernel: a private node is just another N_MEMORY node",
  private_v4: 'RFC v4: N_MEMORY_PRIVATE gated by __GFP_PRIVATE (hard guarantee)',
  private_soft: 'fallback-list isolation only, no __GFP_PRIVATE gate',
  private_nofallback: "like private_soft; a private node's own fallback list is only itself",
  spm_v2: 'SPM nodes stay N_MEMORY, zone walks filter them unless __GFP_SPM_NODE',
  zone_device: 'ZONE_DEVICE: not in the buddy allocator, no mempolicy, no LRU',
  nofallback_only: 'post-v4 (Jun 2026, mail): private nodes only in their own NOFALLBACK list; __GFP_THISNODE is the key [inferred]',
  folio_only: 'post-v4 (Jun 2026, mail): private nodes take only folios with __GFP_THISNODE [inferred]',
  memalloc_scope: 'post-v4 (Jun 2026, mail): memalloc_private scope unlocks private nodes; memalloc_folio keeps non-folio off [inferred]',
  private_v5: 'RFC v5 (Jul 2026): ZONELIST_PRIVATE selected per call; v5 capabilities',
  memory_public: 'post-v5 snapshot R1: private = N_MEMORY minus N_MEMORY_PUBLIC; HugeTLB needs USER_NUMA',
  memory_common: 'post-v5 snapshot R2: private = N_MEMORY minus N_MEMORY_COMMON; only folio_alloc_node_private',
};

export function isDesign(x: unknown): x is DesignName {
  return typeof x === 'string' && (DESIGNS as readonly string[]).includes(x);
}

export { DESIGNS };
export type { DesignName };
