import { table } from './entry';

/** madvise(2) advice values (include/uapi/asm-generic/mman-common.h). */
export const MADV_TABLE = table([
  { name: 'MADV_NORMAL', value: 0, source: 'upstream', doc: 'No special treatment.' },
  { name: 'MADV_RANDOM', value: 1, source: 'upstream', doc: 'Expect random access: no readahead.' },
  { name: 'MADV_SEQUENTIAL', value: 2, source: 'upstream', doc: 'Expect sequential access: aggressive readahead.' },
  { name: 'MADV_WILLNEED', value: 3, source: 'upstream', doc: 'Will need these pages: start readahead / swap-in.' },
  { name: 'MADV_DONTNEED', value: 4, source: 'upstream', doc: 'Drop the pages: anonymous memory reads back as zero; the pages are freed (free path, free_folio callback on private nodes).' },
  { name: 'MADV_FREE', value: 8, source: 'upstream', doc: 'Lazily free anonymous pages: reclaim may drop them without swapping.' },
  { name: 'MADV_REMOVE', value: 9, source: 'upstream', doc: 'Punch a hole in shmem/file backing.' },
  { name: 'MADV_DONTFORK', value: 10, source: 'upstream', doc: 'Do not copy the range into a child on fork.' },
  { name: 'MADV_DOFORK', value: 11, source: 'upstream', doc: 'Undo MADV_DONTFORK.' },
  { name: 'MADV_MERGEABLE', value: 12, source: 'upstream', doc: 'Let KSM merge identical pages; v4: KSM always skips folios on private nodes (no opt-in flag).' },
  { name: 'MADV_UNMERGEABLE', value: 13, source: 'upstream', doc: 'Undo MADV_MERGEABLE.' },
  { name: 'MADV_HUGEPAGE', value: 14, source: 'upstream', doc: 'Use transparent huge pages here (khugepaged collapses); v4: khugepaged skips private folios.' },
  { name: 'MADV_NOHUGEPAGE', value: 15, source: 'upstream', doc: 'No transparent huge pages here.' },
  { name: 'MADV_COLD', value: 20, source: 'upstream', doc: 'Deactivate the pages (move to the inactive LRU) so reclaim takes them first; v4: madvise skips private folios.' },
  { name: 'MADV_PAGEOUT', value: 21, source: 'upstream', doc: 'Reclaim the pages now (swap out or demote); v4: madvise skips private folios.' },
  { name: 'MADV_POPULATE_READ', value: 22, source: 'upstream', doc: 'Fault the pages in readable (like a read touch).' },
  { name: 'MADV_POPULATE_WRITE', value: 23, source: 'upstream', doc: 'Fault the pages in writable (like a write touch).' },
  { name: 'MADV_COLLAPSE', value: 25, source: 'upstream', doc: 'Synchronously collapse into huge pages; v4: skipped on private folios.' },
]);

export const MADV_NAMES: readonly string[] = [...MADV_TABLE.keys()];
