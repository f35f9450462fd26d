/**
 * mm/madvise.c and mm/mlock.c. MADV_PAGEOUT reclaims the range's pages
 * (reclaim_pages(): swap-out / drop, no demotion), MADV_COLD makes them the
 * oldest on their LRU, MADV_DONTNEED frees them; v4 skips private folios in the
 * COLD/PAGEOUT/FREE walks (DONTNEED is unaffected). mlock marks pages
 * unevictable; its mlock_pte_range walk skips private folios [v4 p6-p9].
 */
import { CAPS } from '../vocab/caps';
import { isNode } from './extents';
import { addToUnion, Mapping, Mm, rangesOverlapping, replaceRanges } from './machine';
import { thpVmaAllowable } from './huge_memory';
import { freeRange } from './memory';
import { segmentsOf } from './migrate';
import { describeCounts, isPrivateManaged, privatePagesIn } from './skip';
import { shrinkNode } from './vmscan';

export interface AdviceResult {
  errno?: string;
  /** why the call failed (the kernel rule) */
  rule?: string;
  skipped?: string;
  done: number;
}

export function madvise(mm: Mm, m: Mapping, a: number, b: number, advice: string): AdviceResult {
  // madvise_dontneed_free_valid_vma(): VM_LOCKED VMAs refuse DONTNEED / FREE with -EINVAL and
  // the pages stay (oracle m03)
  if (advice === 'MADV_DONTNEED' || advice === 'MADV_FREE') {
    const [from, to] = rangesOverlapping(m.locked, a, b);
    if (from < to) return { errno: 'EINVAL', done: 0, rule: `${advice} on mlocked (VM_LOCKED) memory: madvise_dontneed_free_valid_vma() refuses it` };
  }
  const priv = privatePagesIn(mm, m, a, b);
  const skipMsg = priv.size ? `${advice} skipped private folios (${describeCounts(priv)})` : undefined;
  switch (advice) {
    case 'MADV_PAGEOUT': {
      let done = 0;
      for (const [v] of m.set.counts(a, b)) {
        if (!isNode(v) || isPrivateManaged(mm, v)) continue;
        const segs = segmentsOf(m, a, b, (x) => x === v);
        done += shrinkNode(mm, v, segs.reduce((s, g) => s + g.pages, 0), 'madvise', segs);
      }
      return { done, skipped: skipMsg };
    }
    case 'MADV_COLD': {
      let done = 0;
      for (const [v, c] of m.set.counts(a, b)) {
        if (!isNode(v) || isPrivateManaged(mm, v)) continue;
        for (const s of segmentsOf(m, a, b, (x) => x === v)) m.set.patchRange(s.a, s.b, { stamp: -mm.nextStamp() });
        done += c;
      }
      return { done, skipped: skipMsg };
    }
    case 'MADV_FREE':
      return { done: 0, skipped: skipMsg };
    case 'MADV_DONTNEED':
      return { done: freeRange(mm, m, a, b) };
    // hugepage_madvise(): each sets its VMA flag and clears the other, so the last call wins
    case 'MADV_HUGEPAGE':
      m.hugepage = true;
      m.nohugepage = false;
      return { done: 0 };
    case 'MADV_NOHUGEPAGE':
      m.hugepage = false;
      m.nohugepage = true;
      return { done: 0 };
    case 'MADV_MERGEABLE':
      m.mergeable = true;
      return { done: 0 };
    case 'MADV_UNMERGEABLE':
      m.mergeable = false;
      return { done: 0 };
    case 'MADV_COLLAPSE': {
      // madvise_collapse() asks the THP check without the sysfs mode: only VM_NOHUGEPAGE refuses (-EINVAL)
      if (!thpVmaAllowable(mm, m, false))
        return { errno: 'EINVAL', done: 0, rule: 'MADV_COLLAPSE on a MADV_NOHUGEPAGE (VM_NOHUGEPAGE) range: the THP check refuses the VMA' };
      // madvise_collapse(): a private folio collapse may not touch is SCAN_PAGE_NULL, which
      // madvise_collapse_errno() returns as -EINVAL (upstream, recalled); otherwise each full
      // PMD of present pages collapses in place (placement is unchanged: the model keeps base pages)
      const blocked = [...priv.keys()].filter((nid) => !collapseAllowed(mm, nid));
      if (blocked.length) {
        const why = mm.design.collapse === 'user_numa' ? 'private without USER_NUMA (MADV_COLLAPSE falls under USER_NUMA)' : 'private folios are skipped by THP collapse';
        return { errno: 'EINVAL', done: 0, rule: `MADV_COLLAPSE: node(s) ${blocked.join(', ')}: ${why}: SCAN_PAGE_NULL` };
      }
      let present = 0;
      for (const [v, c] of m.set.counts(a, b)) if (isNode(v)) present += c;
      const huge = Math.floor(present / HPAGE_PMD_NR);
      mm.stat.add('thp_collapse_alloc', huge);
      return { done: huge * HPAGE_PMD_NR };
    }
    default:
      return { errno: 'EINVAL', done: 0, rule: 'unknown advice' };
  }
}

/** pages of one PMD-sized huge page */
const HPAGE_PMD_NR = 512;

/** may THP collapse act on this node's folios (`collapse` choice; khugepaged never, under `user_numa`) */
function collapseAllowed(mm: Mm, nid: number): boolean {
  if (!isPrivateManaged(mm, nid)) return true;
  return mm.design.collapse === 'user_numa' && ((mm.node(nid)?.decl?.caps ?? 0) & CAPS.USER_NUMA) !== 0;
}

export function mlock(mm: Mm, m: Mapping, a: number, b: number, lock: boolean): AdviceResult {
  const priv = privatePagesIn(mm, m, a, b);
  // mlock_fixup(): the VMAs of [a, b) become VM_LOCKED, or stop being (a VMA across an edge is
  // split: munlock of part of a locked range leaves the rest locked)
  if (lock) addToUnion(m.locked, a, b);
  else replaceRanges(m.locked, a, b);
  let done = 0;
  const [i, j] = m.set.carve(a, b);
  for (let x = i; x < j; x++) {
    const e = m.set.extents[x];
    const nodes = e.cycle.filter((v) => isNode(v));
    if (!nodes.length) continue;
    if (nodes.some((v) => isPrivateManaged(mm, v))) continue; // mlock_pte_range skips the folio
    e.mlocked = lock;
    done += e.len;
    mm.stat.add(lock ? 'unevictable_pgs_mlocked' : 'unevictable_pgs_munlocked', e.len);
  }
  m.set.coalesce(i - 1, j);
  return { done, skipped: priv.size ? `${lock ? 'mlock' : 'munlock'} skipped private folios (${describeCounts(priv)}); new faults in the VMA are still mlocked [inferred]` : undefined };
}
