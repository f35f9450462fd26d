import { GFP } from '../../model/vocab/gfp';
import { Design } from './design';

/**
 * "Option #2" (seed 004): fallback-list isolation only. No GFP gate: anyone who
 * names the node (explicit nid, nodemask, for_each_node) reaches it. A page that
 * lands there without __GFP_PRIVATE (the owner's or the policy's consent) is a leak.
 */
export const private_soft: Design = {
  name: 'private_soft',
  privateState: 'private',
  opsApply: true,
  privateOwnList: 'self-then-normal',
  zoneGate: () => undefined,
  leak: (node, gfp, serviceRight) =>
    node.state === 'private' && !(gfp & GFP.__GFP_PRIVATE) && !serviceRight
      ? 'no __GFP_PRIVATE (soft isolation has no gate: the node was named explicitly or by a nodemask)'
      : undefined,
  userMasks: 'v4',
  unlockFlag: '__GFP_PRIVATE',
};
