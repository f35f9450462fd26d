/**
 * mm/khugepaged.c and mm/ksm.c scans. The model keeps base pages: a collapse
 * or a merge changes no placement here; what matters is the v4 skip: a range
 * with a private-managed page gives SCAN_PAGE_NULL (no collapse), and KSM never
 * merges private folios (kernel-rules §5.7).
 */
import { thpVmaAllowable } from './huge_memory';
import { Mm } from './machine';
import { describeCounts, privatePagesIn } from './skip';

export function khugepagedScan(mm: Mm): { skipped: string[]; scanned: number } {
  const skipped: string[] = [];
  let scanned = 0;
  for (const t of mm.liveTasks()) {
    for (const m of t.mappings.values()) {
      if (!thpVmaAllowable(mm, m)) continue; // the same VMA check as the fault (huge_memory.ts)
      scanned++;
      const priv = privatePagesIn(mm, m);
      if (priv.size) skipped.push(`khugepaged: ${m.owner} has private folios (${describeCounts(priv)}): SCAN_PAGE_NULL, no collapse`);
    }
  }
  return { skipped, scanned };
}

export function ksmScan(mm: Mm): { skipped: string[]; scanned: number } {
  const skipped: string[] = [];
  let scanned = 0;
  for (const t of mm.liveTasks()) {
    for (const m of t.mappings.values()) {
      if (!m.mergeable) continue;
      scanned++;
      const priv = privatePagesIn(mm, m);
      if (priv.size) skipped.push(`KSM: ${m.owner}: private folios never merged (${describeCounts(priv)})`);
    }
  }
  return { skipped, scanned };
}
