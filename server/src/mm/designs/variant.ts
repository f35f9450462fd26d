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

export interface VariantChoices {
  /**
   * What lets an allocation use a private zone (the zone walk's filter):
   * - 'gate': the design's GFP gate (and leak rule) as before
   * - 'lists': nothing is filtered; only the lists keep private nodes out (NOFALLBACK-only)
   * - 'folio-thisnode': a folio allocation (or one inside memalloc_folio) that sets __GFP_THISNODE
   * - 'scope': inside memalloc_private, and not a non-folio allocation inside memalloc_folio
   * - 'private-zonelist': only a walk of ZONELIST_PRIVATE (every other list lacks private nodes anyway)
   * - 'node-private': only folio_alloc_node_private()
   */
  admits: 'gate' | 'lists' | 'folio-thisnode' | 'scope' | 'private-zonelist' | 'node-private';
  /** a private node's own FALLBACK list: the N_MEMORY nodes without itself ('normal-only'), or as the base design */
  ownFallback?: 'normal-only';
  /** a private node's NOFALLBACK list: [itself] (default) or empty */
  ownNofallback?: 'self' | 'none';
  /** private nodes stay in every node's FALLBACK list, behind the filter (the scoped draft's tested lists) */
  privateInFallback?: boolean;
  /** ZONELIST_PRIVATE exists: every node by distance, private ones included, selected per call */
  privateZonelist?: boolean;
  /** folio_alloc_node_private() exists: the node's own one-node list, __GFP_THISNODE required */
  nodePrivateAllocator?: boolean;
  /** slab's node choice for kmalloc_node(nid): new_slab on the FALLBACK list (default) or slub's THISNODE try first (mm/slub.ts) */
  slab?: 'fallback-list' | 'thisnode-try';
  /** HugeTLB pool growth uses a private node only if it has USER_NUMA (through ZONELIST_PRIVATE) */
  hugetlbNeedsUserNuma?: boolean;
  /** the rules come from mail, not code: leaks it decides carry the inferred mark */
  inferred?: boolean;
}

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
