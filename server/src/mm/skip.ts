/**
 * folio_is_private_managed() as the v4 skip sites see it (kernel-rules §5.7):
 * khugepaged, KSM, madvise (COLD/PAGEOUT/FREE) and mlock always skip private
 * folios; there is no opt-in flag for them. Only under designs where private
 * nodes exist as such (services gated by NP_OPS).
 */
import { isNode } from './extents';
import { Mapping, Mm } from './machine';
import { servicesGated } from './designs';

export function isPrivateManaged(mm: Mm, nid: number): boolean {
  return servicesGated(mm.design) && mm.node(nid)?.state === 'private';
}

/** pages of [a, b) on private nodes, per node */
export function privatePagesIn(mm: Mm, m: Mapping, a = 0, b = m.pages): Map<number, number> {
  const out = new Map<number, number>();
  for (const [v, c] of m.set.counts(a, b)) if (isNode(v) && isPrivateManaged(mm, v)) out.set(v, c);
  return out;
}

export function describeCounts(c: Map<number, number>): string {
  return [...c.entries()].map(([n, p]) => `${p} on node ${n}`).join(', ');
}
