import { Provenance } from './entry';

/**
 * The knobs `sysctl KEY = VALUE` accepts: real sysctls (/proc/sys), sysfs knobs
 * the kernel exposes elsewhere (named here as mmlab keys) and the project's CRAM
 * tunables. An unknown key is an `unknown-sysctl` error (language.md, the machine).
 */
export type SysctlValueKind = 'int' | 'bool' | 'percent' | 'enum';

export interface SysctlEntry {
  /** the key, or for families the key with `N` where the node id goes */
  key: string;
  /** matches family keys such as mempolicy.weighted_interleave.node3 */
  pattern?: RegExp;
  kind: SysctlValueKind;
  min?: number;
  max?: number;
  /** enum: the accepted names; the IR value is the index */
  values?: readonly string[];
  default: number;
  doc: string;
  /** where the real knob lives */
  path?: string;
  source: Provenance;
}

export const SYSCTLS: readonly SysctlEntry[] = [
  { key: 'kernel.numa_balancing', kind: 'int', min: 0, max: 3, default: 0, path: '/proc/sys/kernel/numa_balancing', source: 'upstream', doc: 'NUMA balancing: 0 off, 1 normal (migrate towards the accessing CPU), 2 memory tiering (promote hot pages from slow tiers), 3 both. v4: private folios are scanned only with NP_OPS_NUMA_BALANCING.' },
  { key: 'vm.demotion_enabled', kind: 'bool', min: 0, max: 1, default: 0, path: '/sys/kernel/mm/numa/demotion_enabled', source: 'upstream', doc: 'Reclaim demotes pages to the next lower memory tier instead of swapping them (default off). v4: a private node is a target only with NP_OPS_DEMOTION.' },
  { key: 'vm.panic_on_oom', kind: 'int', min: 0, max: 2, default: 0, path: '/proc/sys/vm/panic_on_oom', source: 'upstream', doc: '0: the OOM killer kills a task; 1: panic unless the OOM is cpuset/mempolicy/memcg constrained; 2: always panic.' },
  { key: 'vm.oom_kill_allocating_task', kind: 'bool', min: 0, max: 1, default: 0, path: '/proc/sys/vm/oom_kill_allocating_task', source: 'upstream', doc: 'Kill the task whose allocation triggered the OOM instead of scanning for the biggest (accepted; not modelled yet).' },
  { key: 'vm.swappiness', kind: 'int', min: 0, max: 200, default: 60, path: '/proc/sys/vm/swappiness', source: 'upstream', doc: 'Relative cost of swapping anonymous pages vs dropping file pages (0..200).' },
  { key: 'vm.zone_reclaim_mode', kind: 'int', min: 0, max: 7, default: 0, path: '/proc/sys/vm/zone_reclaim_mode', source: 'upstream', doc: 'Bitmask: 1 reclaim on the local node before falling back, 2 write dirty pages, 4 swap. 0 (default) falls back to other nodes first.' },
  { key: 'vm.min_free_kbytes', kind: 'int', min: 0, max: 2 ** 31 - 1, default: 67584, path: '/proc/sys/vm/min_free_kbytes', source: 'upstream', doc: 'The min watermark summed over zones, in KiB; low and high are derived from it.' },
  { key: 'vm.watermark_scale_factor', kind: 'int', min: 1, max: 3000, default: 10, path: '/proc/sys/vm/watermark_scale_factor', source: 'upstream', doc: 'Distance between the min, low and high watermarks, in 1/10000 of the zone size.' },
  { key: 'vm.watermark_boost_factor', kind: 'int', min: 0, max: 2 ** 31 - 1, default: 15000, path: '/proc/sys/vm/watermark_boost_factor', source: 'upstream', doc: 'How far watermarks are boosted after fragmentation events, in 1/10000 of the high watermark.' },
  { key: 'vm.transparent_hugepage', kind: 'enum', values: ['never', 'madvise', 'always'], default: 1, path: '/sys/kernel/mm/transparent_hugepage/enabled', source: 'upstream', doc: 'When huge pages are used: never, only in MADV_HUGEPAGE ranges (madvise, the default), or always (khugepaged then scans every range). Written as a word or as 0, 1, 2.' },
  { key: 'vm.transparent_hugepage_defrag', kind: 'enum', values: ['always', 'defer', 'defer_madvise', 'madvise', 'never'], default: 3, path: '/sys/kernel/mm/transparent_hugepage/defrag', source: 'upstream', doc: 'How hard a THP fault tries (vma_thp_gfp_mask()): always = direct reclaim and compaction (GFP_TRANSHUGE, plus __GFP_NORETRY outside MADV_HUGEPAGE ranges); defer = wake kswapd/kcompactd and fail fast; defer_madvise (the kernel\'s defer+madvise) = direct in MADV_HUGEPAGE ranges, else defer; madvise (the default) = direct in MADV_HUGEPAGE ranges, else no reclaim at all; never = no reclaim (GFP_TRANSHUGE_LIGHT). Written as a word or as 0..4.' },
  { key: 'mempolicy.weighted_interleave.nodeN', pattern: /^mempolicy\.weighted_interleave\.node(\d+)$/, kind: 'int', min: 1, max: 255, default: 1, path: '/sys/kernel/mm/mempolicy/weighted_interleave/nodeN', source: 'upstream', doc: 'The MPOL_WEIGHTED_INTERLEAVE weight of node N (1..255, default 1): pages go to the nodes in proportion to their weights.' },
  { key: 'cram.writable_fraction', kind: 'percent', min: 0, max: 1, default: 0, source: 'mmlab', doc: 'mmlab extension modelling the "loosened read-only" future CRAM (thread: CRAM device tester): the share of a CRAM node\'s pages that may stay writable before write faults promote. 0 (default) = v4 behaviour, every write promotes.' },
  { key: 'cram.flush_interval_ms', kind: 'int', min: 0, max: 3600000, default: 0, source: 'mmlab', doc: 'mmlab extension: how often the device returns freed (zeroed) media to its free pool, in ms. Accepted for scenarios that document it; the emulator currently releases media at once (0).' },
  { key: 'cram.pressure_max', kind: 'int', min: 0, max: 1000, default: 1000, source: 'v4', doc: 'The pressure CRAM sets on the low interrupt (v4 uses 1000, the top of cram_set_pressure\'s 0..1000 scale).' },
];

/** The entry for a key, matching node families (`mempolicy.weighted_interleave.node3`). */
export function findSysctl(key: string): SysctlEntry | undefined {
  for (const e of SYSCTLS) {
    if (e.pattern ? e.pattern.test(key) : e.key === key) return e;
  }
  return undefined;
}

/** Keys offered for completion and suggestions (family keys with N replaced by 0). */
export const SYSCTL_KEYS: readonly string[] = SYSCTLS.map((e) => (e.pattern ? e.key.replace(/N$/, '0') : e.key));
