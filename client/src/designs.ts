/** Design names with the one-line descriptions of language.md, designs, for pickers and tooltips. */
import { DESIGNS, DesignName } from '../../server/src/model/ir';

export const DESIGN_DESCRIPTIONS: Record<DesignName, string> = {
  stock: "today's kernel: a private node is just another N_MEMORY node",
  private_v4: 'RFC v4: N_MEMORY_PRIVATE gated by __GFP_PRIVATE (hard guarantee)',
  private_soft: 'fallback-list isolation only, no __GFP_PRIVATE gate',
  private_nofallback: "like private_soft; a private node's own fallback list is only itself",
  spm_v2: 'SPM nodes stay N_MEMORY, zone walks filter them unless __GFP_SPM_NODE',
  zone_device: 'ZONE_DEVICE: not in the buddy allocator, no mempolicy, no LRU',
};

export function isDesign(x: unknown): x is DesignName {
  return typeof x === 'string' && (DESIGNS as readonly string[]).includes(x);
}

export { DESIGNS };
export type { DesignName };
