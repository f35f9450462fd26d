import { DataProfile } from '../model/ir';
import { profileRatio } from '../mm/node_private';

/** the ratio stored with the pages: 0 = no data= profile (the node's default applies where they land) */
export function ProfileRatio(p: DataProfile | undefined): number {
  return p ? profileRatio(p, 0) : 0;
}
