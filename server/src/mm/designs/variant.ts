/**
 * The mechanism choices of the post-v4 private-node variants (June–autumn 2026) that
 * the v4-era hooks cannot express: what a private zone admits besides GFP bits (a
 * folio with __GFP_THISNODE, a memalloc scope, the private zonelist, the node-private
 * allocator), how its lists are built, how slab and hugetlb reach it. A design without
 * `variant` behaves exactly as before; the emulator asks these choices, never a name.
 */
import { GFP } from '../gfp';
import { AllocCtx, isFolio } from '../alloc_context';
import type { DesignNode } from './design';
import type { VariantChoices } from '../../model/ir';

// the IR (below the emulator) declares the choices; this file is how the emulator reads them
export type { VariantChoices } from '../../model/ir';


/** why a private zone is skipped by the variant's filter, or undefined (ctx undefined: a path with no context: gfp only) */
export function variantGate(v: VariantChoices, node: DesignNode, gfp: number, ctx: AllocCtx | undefined): string | undefined {
  if (node.state !== 'private') return undefined;
  const mark = v.inferred ? ' [inferred]' : '';
  switch (v.admits) {
    case 'gate':
    case 'lists':
      return undefined;
    case 'folio-thisnode': {
      const folio = isFolio(ctx) || !!ctx?.scopeFolio;
      if (folio && gfp & GFP.__GFP_THISNODE) return undefined;
      return `${folio ? 'a folio allocation without __GFP_THISNODE' : 'not a folio allocation'} (folio-only: private nodes take folios with __GFP_THISNODE)${mark}`;
    }
    case 'scope':
      // a fault under a policy naming an opted node: the "pseudo-private" node's own list
      if (ctx?.zonelist === 'private' && isFolio(ctx)) return undefined;
      if (!ctx?.scopePrivate) return `outside memalloc_private (the scope unlocks private nodes)${mark}`;
      if (ctx.scopeFolio && !isFolio(ctx)) return `a ${ctx.kind} allocation inside memalloc_folio (the scope admits folios only)${mark}`;
      return undefined;
    case 'private-zonelist':
      return ctx?.zonelist === 'private' ? undefined : `not reached through ZONELIST_PRIVATE${mark}`;
    case 'node-private':
      return ctx?.nodePrivate ? undefined : `only folio_alloc_node_private() reaches a private node${mark}`;
  }
}

/**
 * A page reached a private node: a leak unless the caller meant it: the owner's consent
 * (__GFP_PRIVATE as written by v4-style driver code, or a fault under a private
 * policy, which carries it), the node's service, or the variant's own private path.
 */
export function variantLeak(v: VariantChoices, node: DesignNode, gfp: number, serviceRight: boolean, ctx: AllocCtx | undefined): string | undefined {
  if (node.state !== 'private' || serviceRight || gfp & GFP.__GFP_PRIVATE) return undefined;
  if (ctx?.zonelist === 'private' && v.privateZonelist) return undefined;
  if (ctx?.nodePrivate && v.nodePrivateAllocator) return undefined;
  const how = ctx ? `a ${ctx.kind} allocation${ctx.scopePrivate ? ' in a memalloc_private scope' : ''}` : 'an allocation';
  return `${how} that did not ask for a private node${gfp & GFP.__GFP_THISNODE ? ' (__GFP_THISNODE named it)' : ''}${v.inferred ? ' [inferred]' : ''}`;
}
