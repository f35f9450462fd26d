/**
 * mm/mmap.c: do_mmap() lays a new VMA out in the task's address space (2 MiB aligned, a guard
 * gap after it) with no page present yet; do_munmap() frees the range's pages and leaves a hole
 * that the name keeps (a later mbind over it is -EFAULT). A name mapped twice keeps the old
 * mapping under `name#id` (its pages keep their owner).
 */
import { freeRange } from './memory';
import { Mapping, Mm, Task } from './machine';
import { pagesOf } from './gfp';

/** do_mmap(): the new mapping named `name` of task `t` */
export function doMmap(mm: Mm, t: Task, name: string, size: number, backing: Mapping['backing'], shared: boolean): Mapping {
  const pages = pagesOf(size);
  const vstart = t.vcursor;
  t.vcursor += Math.ceil(pages / 512) * 512 + 512; // 2 MiB aligned, a guard gap between mappings
  const old = t.mappings.get(name);
  if (old) t.mappings.set(`${name}#${old.id}`, old);
  const m = new Mapping(mm.nextMappingId(), t, name, size, pages, backing, shared, vstart, mm.currentSpan, mm.nextStamp());
  if (old) m.ownerSuffix = `#${m.id}`; // the old mapping keeps its pages and its owner name
  t.mappings.set(name, m);
  return m;
}

/** do_munmap() of pages [a, b) of `m`: the pages freed */
export function doMunmap(mm: Mm, m: Mapping, a: number, b: number): number {
  const freed = freeRange(mm, m, a, b);
  if (a === 0 && b === m.pages) m.policies = [];
  if (b > a) m.unmapped.push([a, b]);
  return freed;
}
