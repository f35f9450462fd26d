/**
 * mm/vmstat.c: the global event counters the emulator maintains. Keys are the
 * /proc/vmstat names; the result object is emitted with sorted keys.
 */
export const KNOWN_STATS = [
  'allocstall',
  'compact_skipped',
  'kswapd_wake',
  'numa_foreign',
  'numa_hit',
  'numa_interleave',
  'numa_local',
  'numa_miss',
  'numa_other',
  'interleave_hit',
  'oom_kill',
  'pgalloc',
  'pgdemote_direct',
  'pgdemote_kswapd',
  'pgfault',
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
  'memory_failure',
  'numa_pages_migrated',
  'workingset_refault',
  'pgdrop_file',
] as const;

export class VmStat {
  private readonly counters = new Map<string, number>();
  constructor() {
    for (const k of KNOWN_STATS) this.counters.set(k, 0);
  }
  add(name: string, n = 1): void {
    if (n === 0 && this.counters.has(name)) return;
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
  }
  get(name: string): number | undefined {
    return this.counters.get(name);
  }
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of [...this.counters.keys()].sort()) out[k] = this.counters.get(k)!;
    return out;
  }
}
