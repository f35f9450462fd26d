import { GFP } from '../../model/vocab/gfp';
import { Design } from './design';

/**
 * The memory as ZONE_DEVICE: not in the buddy allocator (not N_MEMORY, in no
 * zonelist, managed_pages = 0), no mempolicy, no LRU. Kernel callers that name the
 * node (for_each_node + kvzalloc_node, even __GFP_THISNODE) never get device pages:
 * ZONE_DEVICE opts out implicitly (seed 000). The driver's own allocator is modelled
 * as an allocation carrying __GFP_PRIVATE that names the node (GFP_PRIVATE): it is
 * served from the device pool [inferred modelling choice: the language has no
 * separate "driver allocates a device page" statement].
 */
export const zone_device: Design = {
  name: 'zone_device',
  privateState: 'device',
  opsApply: false,
  privateOwnList: 'self-only',
  zoneGate: (node, gfp) =>
    node.state === 'device' && !(gfp & GFP.__GFP_PRIVATE) ? 'ZONE_DEVICE memory is not in the buddy allocator (managed_pages = 0)' : undefined,
  leak: () => undefined,
  userMasks: 'none',
};
