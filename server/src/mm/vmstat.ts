/**
 * mm/vmstat.c: the global event counters the emulator maintains. Keys are the
 * /proc/vmstat names; the result object is emitted with sorted keys.
 */
export const KNOWN_STATS = [
  'allocstall_movable',
  'allocstall_normal',
  'compact_skipped',
  'compact_stall',
  'interleave_hit',
  'kswapd_wake',
  'ksm_merged',
  'memory_failure',
  'numa_foreign',
  'numa_hit',
  'numa_interleave',
  'numa_local',
  'numa_miss',
  'numa_other',
  'numa_pages_migrated',
  'oom_kill',
  'pgalloc_movable',
  'pgalloc_normal',
  'pgdemote_direct',
  'pgdemote_kswapd',
  'pgfault',
  'pgmajfault',
  'pgfree',
  'pgmigrate_fail',
  'pgmigrate_success',
  'pgpromote_success',
  'pgscan_direct',
  'pgscan_kswapd',
  'pgsteal_direct',
  'pgsteal_kswapd',
  'pswpin',
  'pswpout',
  'thp_collapse_alloc',
  'thp_fault_alloc',
  'thp_fault_fallback',
  'unevictable_pgs_mlocked',
  'unevictable_pgs_munlocked',
  'drop_pagecache',
  'zswpin',
  'zswpout',
] as const;

export class VmStat {
  private readonly counters = new Map<string, number>();
  constructor() {
    for (const k of KNOWN_STATS) this.counters.set(k, 0);
  }
  private version = 0;
  private cached?: { version: number; snap: Record<string, number> };
  add(name: string, n = 1): void {
    if (n === 0 && this.counters.has(name)) return;
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
    this.version++;
  }
  get(name: string): number | undefined {
    return this.counters.get(name);
  }
  /** sorted copy; the same object is returned while no counter changed (step records share it) */
  snapshot(): Record<string, number> {
    if (this.cached && this.cached.version === this.version) return this.cached.snap;
    const out: Record<string, number> = {};
    for (const k of [...this.counters.keys()].sort()) out[k] = this.counters.get(k)!;
    this.cached = { version: this.version, snap: out };
    return out;
  }
}
