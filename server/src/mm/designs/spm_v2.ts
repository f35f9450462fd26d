import { GFP } from '../../model/vocab/gfp';
import { Design } from './design';

/**
 * RFC v2 SPM (kernel-semantics §9): SPM nodes stay N_MEMORY and in every zonelist;
 * mt_node_allowed() filters them in each zone walk unless __GFP_SPM_NODE; user masks
 * are clipped to mt_sysram_nodelist.
 */
export const spm_v2: Design = {
  name: 'spm_v2',
  privateState: 'spm',
  opsApply: false,
  privateOwnList: 'self-then-normal',
  zoneGate: (node, gfp) => (node.state === 'spm' && !(gfp & GFP.__GFP_SPM_NODE) ? 'SPM node, no __GFP_SPM_NODE' : undefined),
  leak: (node, gfp, serviceRight) =>
    node.state === 'spm' && !(gfp & GFP.__GFP_SPM_NODE) && !serviceRight ? 'allocation without __GFP_SPM_NODE' : undefined,
  userMasks: 'sysram',
  unlockFlag: '__GFP_SPM_NODE',
};
