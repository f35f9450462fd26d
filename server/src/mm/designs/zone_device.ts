import { GFP } from '../../model/vocab/gfp';
import { Design } from './design';

/**
 * The memory as ZONE_DEVICE: not in the buddy allocator (not N_MEMORY, in no
 * zonelist), no mempolicy, no LRU. The emulator models the driver's own
 * allocator: an allocation that names the device node with __GFP_THISNODE or
 * __GFP_PRIVATE is served from the device pool; everything else never sees it.
 */
export const zone_device: Design = {
  name: 'zone_device',
  privateState: 'device',
  opsApply: false,
  privateOwnList: 'self-only',
  zoneGate: (node, gfp) =>
    node.state === 'device' && !(gfp & (GFP.__GFP_THISNODE | GFP.__GFP_PRIVATE))
      ? 'ZONE_DEVICE memory is not in the buddy allocator'
      : undefined,
  leak: () => undefined,
  userMasks: 'none',
};
