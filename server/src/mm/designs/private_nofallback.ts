import { GFP } from '../../model/vocab/gfp';
import { Design } from './design';
import { private_soft } from './private_soft';

/**
 * Like private_soft (no __GFP_PRIVATE gate, fallback-list isolation), but a
 * private node's own fallback list holds only itself, so allocations aimed at
 * it never fall back.
 *
 * [INF] Which allocations a self-only private node takes: language.md calls this
 * "the variant under which alloc_shrinker_info always fails", and the leak/failure
 * matrix of kernel-semantics.md §10 (column "self-only") has
 *   - for_each_node + kvzalloc_node(GFP_KERNEL, nid)      -> FAILURE
 *   - sparse/vmemmap kzalloc_node(GFP_KERNEL, nid) at hotplug -> FAILURE
 *   - for each online node: alloc_pages_node(nid, __GFP_THISNODE) -> LEAK
 * Both hold only if the node admits callers that name it with no fallback
 * (__GFP_THISNODE, the "THISNODE as the gate" position of seed 004 and David's
 * reply) or with the owner's consent (__GFP_PRIVATE, which a policy naming the
 * node injects), and refuses "on behalf of the node" allocations that expect to
 * fall back. With itself as its only fallback, those fail.
 */
export const private_nofallback: Design = {
  ...private_soft,
  name: 'private_nofallback',
  privateOwnList: 'self-only',
  zoneGate: (node, gfp) =>
    node.state === 'private' && !(gfp & (GFP.__GFP_THISNODE | GFP.__GFP_PRIVATE))
      ? `no __GFP_THISNODE or __GFP_PRIVATE (private_nofallback: a private node takes only allocations that name it without fallback) [inferred]`
      : undefined,
};
