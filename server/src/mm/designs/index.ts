import type { DesignName } from '../../model/ir';
import { Design } from './design';
import { private_nofallback } from './private_nofallback';
import { private_soft } from './private_soft';
import { private_v4 } from './private_v4';
import { spm_v2 } from './spm_v2';
import { stock } from './stock';
import { zone_device } from './zone_device';

export type { Design } from './design';

export const DESIGN_HOOKS: Record<DesignName, Design> = { stock, private_v4, private_soft, private_nofallback, spm_v2, zone_device };

export function designFor(name: DesignName): Design {
  return DESIGN_HOOKS[name] ?? private_v4;
}
