/**
 * A kernel design as the emulator sees it: a name and one value per mechanism choice.
 * The built-ins are declarations in the prelude (model/designs/prelude.ts), user designs
 * come from `design NAME { ... }` in a scenario or the workspace's designs.mmlab; the
 * model layer lowers all of them into this shape (the type lives in the IR contract).
 * Nothing in mm/ asks which design this is: it asks a choice, through rules.ts.
 */
import type { NodeStateName } from '../result';

export type { Design, DesignChoices } from '../../model/ir';

/** What a design needs to know about a node to decide. */
export interface DesignNode {
  id: number;
  state: NodeStateName;
}
