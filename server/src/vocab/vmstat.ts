import { Provenance } from './entry';

/**
 * vmstat event counters (/proc/vmstat names, include/linux/vm_event_item.h and
 * mm/vmstat.c) that `expect stat(NAME)` can read, plus the project's own counters
 * (marked 'mmlab'). The single source of counter names: the CRAM service's list
 * (CRAM_STATS, re-exported by mm/cram/registration.ts) derives from it, and
 * test/model/vmstat-coverage.test.ts checks every name the emulator increments is here.
 */
export interface VmstatEntry {
  name: string;
  doc: string;
  source: Provenance;
  /** a counter the CRAM service (mm/cram.ts) registers: visible (0) in a run's stats from the start */
  service?: 'cram';
}

const U: Provenance = 'upstream';
const ENTRIES: VmstatEntry[] = [
  // NUMA allocation accounting (per node, summed)
  { name: 'numa_hit', source: U, doc: 'Allocations satisfied on the node they preferred.' },
  { name: 'numa_miss', source: U, doc: 'Allocations satisfied on this node although another node was preferred (fallback).' },
  { name: 'numa_foreign', source: U, doc: 'Allocations that preferred this node but were satisfied on another (the other side of numa_miss).' },
  { name: 'numa_local', source: U, doc: 'Allocations satisfied on the node of the allocating CPU.' },
  { name: 'numa_other', source: U, doc: 'Allocations satisfied on a node other than the allocating CPU\'s.' },
  { name: 'interleave_hit', source: U, doc: 'Interleave-policy allocations that got the node the interleave chose.' },
  { name: 'numa_interleave', source: U, doc: 'Pages allocated under an interleave policy. (Upstream /proc/vmstat prints NUMA_INTERLEAVE_HIT under this name, the event numastat calls interleave_hit; mmlab counts every interleaved page here and the hits in interleave_hit.)' },
  // allocation, faults, frees
  { name: 'pgalloc_normal', source: U, doc: 'Pages allocated from ZONE_NORMAL.' },
  { name: 'pgalloc_movable', source: U, doc: 'Pages allocated from ZONE_MOVABLE.' },
  { name: 'pgalloc_dma32', source: U, doc: 'Pages allocated from ZONE_DMA32.' },
  { name: 'pgfree', source: U, doc: 'Pages freed.' },
  { name: 'pgfault', source: U, doc: 'Page faults (minor and major).' },
  { name: 'pgmajfault', source: U, doc: 'Major faults (needed I/O, e.g. swap-in).' },
  { name: 'allocstall_normal', source: U, doc: 'Times an allocation entered direct reclaim for ZONE_NORMAL.' },
  { name: 'allocstall_movable', source: U, doc: 'Times an allocation entered direct reclaim for ZONE_MOVABLE.' },
  // reclaim
  { name: 'pgscan_kswapd', source: U, doc: 'Pages scanned by kswapd.' },
  { name: 'pgscan_direct', source: U, doc: 'Pages scanned by direct reclaim.' },
  { name: 'pgsteal_kswapd', source: U, doc: 'Pages reclaimed by kswapd.' },
  { name: 'pgsteal_direct', source: U, doc: 'Pages reclaimed by direct reclaim.' },
  { name: 'pgdeactivate', source: U, doc: 'Pages moved to the inactive LRU.' },
  { name: 'pgactivate', source: U, doc: 'Pages moved to the active LRU.' },
  { name: 'pageoutrun', source: U, doc: 'kswapd balance_pgdat runs.' },
  { name: 'kswapd_low_wmark_hit_quickly', source: U, doc: 'kswapd went to sleep and was woken again soon after reaching the low watermark.' },
  { name: 'kswapd_high_wmark_hit_quickly', source: U, doc: 'kswapd reached the high watermark quickly.' },
  { name: 'kswapd_wake', source: 'mmlab', doc: 'Times kswapd was woken on a node (wakeup_kswapd; v4: never for a private node without NP_OPS_RECLAIM).' },
  { name: 'drop_pagecache', source: U, doc: 'Times page cache was dropped via drop_caches.' },
  // swap
  { name: 'pswpin', source: U, doc: 'Pages swapped in.' },
  { name: 'pswpout', source: U, doc: 'Pages swapped out.' },
  { name: 'zswpin', source: U, doc: 'Pages loaded back from zswap (spm_v2: the uncompressed copy on an SPM node is copied back and freed).' },
  { name: 'zswpout', source: U, doc: 'Pages stored in zswap (spm_v2: copied uncompressed to an SPM node instead of being compressed).' },
  // tiering
  { name: 'pgdemote_kswapd', source: U, doc: 'Pages demoted to a lower tier by kswapd.' },
  { name: 'pgdemote_direct', source: U, doc: 'Pages demoted to a lower tier by direct reclaim.' },
  { name: 'pgdemote_khugepaged', source: U, doc: 'Pages demoted by khugepaged reclaim.' },
  { name: 'pgpromote_success', source: U, doc: 'Pages promoted to a faster tier (NUMA balancing in tiering mode; v4: CRAM write-fault promotion).' },
  { name: 'pgpromote_candidate', source: U, doc: 'Pages NUMA balancing considered for promotion.' },
  // migration
  { name: 'pgmigrate_success', source: U, doc: 'Pages migrated successfully (move_pages, migrate_pages, mbind MOVE, compaction, demotion, offline).' },
  { name: 'pgmigrate_fail', source: U, doc: 'Pages that failed to migrate.' },
  { name: 'thp_migration_success', source: U, doc: 'THPs migrated whole.' },
  { name: 'thp_migration_fail', source: U, doc: 'THPs that failed to migrate.' },
  { name: 'thp_migration_split', source: U, doc: 'THPs split to be migrated.' },
  // NUMA balancing
  { name: 'numa_pte_updates', source: U, doc: 'PTEs made prot_none by the NUMA-balancing scanner.' },
  { name: 'numa_hint_faults', source: U, doc: 'NUMA hinting faults taken.' },
  { name: 'numa_hint_faults_local', source: U, doc: 'Hinting faults on pages already local.' },
  { name: 'numa_pages_migrated', source: U, doc: 'Pages migrated by NUMA balancing.' },
  // compaction
  { name: 'compact_stall', source: U, doc: 'Direct compaction attempts.' },
  { name: 'compact_skipped', source: 'mmlab', doc: 'compact_node() calls that skipped a private node without NP_OPS_COMPACTION (v4). Not a kernel counter.' },
  { name: 'compact_success', source: U, doc: 'Direct compactions that freed a suitable block.' },
  { name: 'compact_fail', source: U, doc: 'Direct compactions that did not.' },
  { name: 'compact_migrate_scanned', source: U, doc: 'Pages scanned by the compaction migrate scanner.' },
  { name: 'compact_free_scanned', source: U, doc: 'Pages scanned by the compaction free scanner.' },
  { name: 'compact_isolated', source: U, doc: 'Pages isolated for compaction.' },
  { name: 'compact_daemon_wake', source: U, doc: 'kcompactd wakeups (v4: kcompactd is not started for private nodes).' },
  // THP
  { name: 'thp_fault_alloc', source: U, doc: 'Huge pages allocated at fault time.' },
  { name: 'thp_fault_fallback', source: U, doc: 'Huge-page faults that fell back to small pages.' },
  { name: 'thp_collapse_alloc', source: U, doc: 'Huge pages allocated by khugepaged to collapse.' },
  { name: 'thp_collapse_alloc_failed', source: U, doc: 'khugepaged huge-page allocations that failed.' },
  { name: 'thp_split_page', source: U, doc: 'Huge pages split (folio_split callbacks run on private nodes).' },
  // misc
  { name: 'oom_kill', source: U, doc: 'Processes killed by the OOM killer.' },
  { name: 'unevictable_pgs_mlocked', source: U, doc: 'Pages mlocked.' },
  { name: 'unevictable_pgs_munlocked', source: U, doc: 'Pages munlocked.' },
  { name: 'ksm_merged', source: 'mmlab', doc: 'Pages KSM merged (KSM always skips private folios under v4).' },
  { name: 'memory_failure', source: 'mmlab', doc: 'Pages poisoned by memory_failure().' },
  // CRAM (the project's view of mm/cram.c and the cxl_compression device). Not kernel counters:
  // v4 mm/cram.c has none (kernel-rules.md §8.8); the names are mmlab's.
  { name: 'cram_demote', source: 'mmlab', service: 'cram', doc: 'Pages that entered a CRAM node through cram_migrate_to on demotion.' },
  { name: 'cram_migrate_in', source: 'mmlab', service: 'cram', doc: 'Pages that entered a CRAM node through cram_migrate_to for move_pages / migrate_pages.' },
  { name: 'cram_migrate_refused', source: 'mmlab', service: 'cram', doc: 'cram_migrate_to calls refused with -ENOSPC at pressure 1000.' },
  { name: 'cram_blocked_midbatch', source: 'mmlab', service: 'cram', doc: 'Pages of a batch left behind because migration_blocked was set mid-batch (alloc_cram_folio returned NULL).' },
  { name: 'cram_promote', source: 'mmlab', service: 'cram', doc: 'CRAM pages promoted back to DRAM by a write fault (cram_fault).' },
  { name: 'cram_promote_retry', source: 'mmlab', service: 'cram', doc: 'Write faults that returned VM_FAULT_RETRY because promotion found no memory.' },
  { name: 'cram_write_inplace', source: 'mmlab', service: 'cram', doc: 'Pages written in place on a CRAM node (writable fraction, or no write protection).' },
  { name: 'cram_writable_granted', source: 'mmlab', service: 'cram', doc: 'Pages that arrived on a CRAM node with a writable mapping (cram.writable_fraction).' },
  { name: 'cram_writable_revoked', source: 'mmlab', service: 'cram', doc: 'Writable CRAM mappings revoked by back-pressure (cram.writable_fraction).' },
  { name: 'cram_media_overflow', source: 'mmlab', service: 'cram', doc: 'Times the device\'s media ran out while the OS still saw free memory on the node.' },
  { name: 'cram_pressure_low', source: 'mmlab', service: 'cram', doc: 'Device low-watermark interrupts (lthresh, MSI-X vector 12): CRAM set maximum pressure (closed to demotion).' },
  { name: 'cram_pressure_high', source: 'mmlab', service: 'cram', doc: 'Device high-watermark interrupts (hthresh, MSI-X vector 13): CRAM pressure back to 0 (open again).' },
  { name: 'cram_irq_unhandled', source: 'mmlab', service: 'cram', doc: 'Device interrupts nobody answered (no CRAM under the design: stock, spm_v2, zone_device).' },
  { name: 'cram_zeroed', source: 'mmlab', service: 'cram', doc: 'Freed CRAM pages zeroed by CRAM\'s free_folio so the device releases their media.' },
  { name: 'cram_reclaim', source: 'mmlab', doc: 'CRAM pages reclaimed (swapped out) from the node.' },
];

export const VMSTAT_TABLE: ReadonlyMap<string, VmstatEntry> = new Map(ENTRIES.map((e) => [e.name, e]));
export const VMSTAT_NAMES: readonly string[] = ENTRIES.map((e) => e.name);

/**
 * The counters the CRAM service adds (beside the core's pgdemote_*, pgpromote_success,
 * pswpout/pswpin), name -> description. mm/cram.ts registers them at 0 when a CRAM node attaches.
 */
export const CRAM_STATS: Readonly<Record<string, string>> = Object.fromEntries(ENTRIES.filter((e) => e.service === 'cram').map((e) => [e.name, e.doc]));
