/**
 * What the post-v4 private-node variants ask about an allocation besides its gfp
 * mask (the part of mm/internal.h's `struct alloc_context` and of `current->flags`
 * they read): is it a folio, is it made inside a memalloc scope, which driver
 * makes it, which zonelist it selected. Allocations that carry none of this (every
 * path that existed before these variants) behave exactly as before.
 */
export type AllocKind = 'folio' | 'page' | 'slab' | 'pagetable' | 'vmalloc' | 'hugetlb';

export interface AllocCtx {
  kind: AllocKind;
  /** inside memalloc_private_save() .. restore() (or an interrupt / nested allocation that inherited it) */
  scopePrivate?: boolean;
  /** inside memalloc_folio_save() (PF_MEMALLOC_FOLIO), or inherited */
  scopeFolio?: boolean;
  /** the device whose driver makes the allocation (undefined: generic kernel code, an interrupt) */
  driver?: string;
  /** made in interrupt context (`interrupt { }`) */
  irq?: boolean;
  /** ALLOC_ZONELIST_PRIVATE was selected (a private mempolicy, __folio_alloc_zonelist) */
  zonelist?: 'default' | 'private';
  /** folio_alloc_node_private(): the private node's own no-fallback list */
  nodePrivate?: boolean;
}

/** Folio allocations: the fault path, folio_alloc*, hugetlb (a hugetlb page is a folio). */
export function isFolio(ctx: AllocCtx | undefined): boolean {
  return ctx !== undefined && (ctx.kind === 'folio' || ctx.kind === 'hugetlb');
}

export function describeCtx(ctx: AllocCtx): string {
  const parts: string[] = [ctx.kind];
  if (ctx.scopePrivate) parts.push('memalloc_private');
  if (ctx.scopeFolio) parts.push('memalloc_folio');
  if (ctx.driver !== undefined) parts.push(`driver ${ctx.driver}`);
  if (ctx.zonelist === 'private') parts.push('ZONELIST_PRIVATE');
  if (ctx.nodePrivate) parts.push('node-private list');
  return parts.join(', ');
}

