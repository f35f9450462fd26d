/**
 * mm/huge_memory.c: which VMAs may get a transparent huge page at all
 * (__thp_vma_allowable_orders(); hugepage_vma_check() before 6.8). The per-VMA
 * madvise flags come first: VM_NOHUGEPAGE (MADV_NOHUGEPAGE) refuses huge pages
 * whatever the global mode, for the fault, for khugepaged and for MADV_COLLAPSE
 * alike. Then the global transparent_hugepage mode, which MADV_COLLAPSE ignores:
 * never refuses every VMA, madvise wants VM_HUGEPAGE (MADV_HUGEPAGE), always
 * takes the rest. MADV_HUGEPAGE and MADV_NOHUGEPAGE clear each other, so the last
 * call wins (madvise.ts). Only anonymous VMAs are modelled.
 */
import type { Mapping, Mm } from './machine';

/** transparent_hugepage: 0 never, 1 madvise (the default), 2 always */
export function thpVmaAllowable(mm: Mm, m: Mapping, enforceSysfs = true): boolean {
  if (m.backing !== 'anon' || m.nohugepage) return false;
  if (!enforceSysfs) return true;
  const mode = mm.sysctl('vm.transparent_hugepage') ?? 1;
  return mode === 2 || (mode === 1 && m.hugepage);
}
