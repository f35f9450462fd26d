import { Design } from './design';

/** Today's kernel: a `private` node is just another CPU-less N_MEMORY node; ops are ignored. */
export const stock: Design = {
  name: 'stock',
  privateState: 'normal',
  opsApply: false,
  privateOwnList: 'self-then-normal',
  zoneGate: () => undefined,
  leak: () => undefined,
  userMasks: 'none',
};
