/**
 * mm/memory-failure.c: poison pages of a node. In-use pages (oldest first) are
 * unmapped (the owner would get SIGBUS on access); free pages are taken out of
 * the buddy. A private node's service gets its memory_failure notification
 * first; the kernel's normal hwpoison handling always follows (v4 p21).
 */
import { hasCallback } from './node_private';
import { Mm } from './machine';
import { freeRange } from './memory';
import { serviceApi } from './services';
import { lruSegments } from './vmscan';

export function memoryFailure(mm: Mm, nid: number, count: number): { poisoned: number; inUse: number; notified: boolean } {
  const n = mm.node(nid);
  if (!n || n.present === 0) return { poisoned: 0, inUse: 0, notified: false };
  let notified = false;
  if (n.state === 'private' && n.service?.memory_failure && hasCallback(n.ops, 'memory_failure')) {
    n.service.memory_failure(serviceApi(mm), nid, count);
    notified = true;
  }
  let left = count;
  let inUse = 0;
  for (const seg of lruSegments(mm, nid)) {
    if (left <= 0) break;
    const k = Math.min(left, seg.pages);
    // unmap exactly k pages of this segment: free the smallest covering prefix
    let end = seg.a;
    while (end < seg.b && seg.mapping.set.countOn(nid, seg.a, end) < k) end = Math.min(seg.b, end + Math.max(1, k - seg.mapping.set.countOn(nid, seg.a, end)));
    const freed = freeRange(mm, seg.mapping, seg.a, end);
    inUse += freed;
    left -= Math.min(freed, left);
  }
  const poisoned = Math.min(count, mm.freeOf(n) + inUse);
  n.poisoned += poisoned;
  mm.stat.add('memory_failure', poisoned);
  return { poisoned, inUse, notified };
}
