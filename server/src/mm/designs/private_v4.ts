import { GFP } from '../../model/vocab/gfp';
import { Design } from './design';

/**
 * RFC v4 (kernel-semantics §3.2): N_MEMORY_PRIVATE nodes are in no normal node's
 * fallback list, their own list is [self, N_MEMORY...], and numa_zone_alloc_allowed()
 * skips them unless the gfp carries __GFP_PRIVATE (in every context).
 */
export const private_v4: Design = {
  name: 'private_v4',
  privateState: 'private',
  opsApply: true,
  privateOwnList: 'self-then-normal',
  zoneGate: (node, gfp) => (node.state === 'private' && !(gfp & GFP.__GFP_PRIVATE) ? 'no __GFP_PRIVATE' : undefined),
  leak: (node, gfp, serviceRight) =>
    node.state === 'private' && !(gfp & GFP.__GFP_PRIVATE) && !serviceRight ? 'allocation without __GFP_PRIVATE' : undefined,
  userMasks: 'v4',
  unlockFlag: '__GFP_PRIVATE',
};
