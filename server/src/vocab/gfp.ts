import { table, VocabEntry } from './entry';

/**
 * GFP bits as in include/linux/gfp_types.h (values follow the classic layout;
 * only their distinctness matters to the emulator). __GFP_PRIVATE takes the
 * previously unused bit 0x200 as in the v4 series; __GFP_SPM_NODE is appended
 * as the v2 SPM series does.
 */
export const GFP = {
  __GFP_DMA: 0x01,
  __GFP_HIGHMEM: 0x02,
  __GFP_DMA32: 0x04,
  __GFP_MOVABLE: 0x08,
  __GFP_RECLAIMABLE: 0x10,
  __GFP_HIGH: 0x20,
  __GFP_IO: 0x40,
  __GFP_FS: 0x80,
  __GFP_ZERO: 0x100,
  __GFP_PRIVATE: 0x200,
  __GFP_DIRECT_RECLAIM: 0x400,
  __GFP_KSWAPD_RECLAIM: 0x800,
  __GFP_WRITE: 0x1000,
  __GFP_NOWARN: 0x2000,
  __GFP_RETRY_MAYFAIL: 0x4000,
  __GFP_NOFAIL: 0x8000,
  __GFP_NORETRY: 0x10000,
  __GFP_MEMALLOC: 0x20000,
  __GFP_COMP: 0x40000,
  __GFP_NOMEMALLOC: 0x80000,
  __GFP_HARDWALL: 0x100000,
  __GFP_THISNODE: 0x200000,
  __GFP_ACCOUNT: 0x400000,
  __GFP_ZEROTAGS: 0x800000,
  __GFP_SKIP_ZERO: 0x1000000,
  __GFP_SKIP_KASAN: 0x2000000,
  __GFP_NOLOCKDEP: 0x4000000,
  __GFP_SPM_NODE: 0x8000000,
} as const;

const G = GFP;
const RECLAIM = G.__GFP_DIRECT_RECLAIM | G.__GFP_KSWAPD_RECLAIM;
const KERNEL = RECLAIM | G.__GFP_IO | G.__GFP_FS;
const USER = KERNEL | G.__GFP_HARDWALL;
const HIGHUSER = USER | G.__GFP_HIGHMEM;
const HIGHUSER_MOVABLE = HIGHUSER | G.__GFP_MOVABLE | G.__GFP_SKIP_KASAN;
const TRANSHUGE_LIGHT = (HIGHUSER_MOVABLE | G.__GFP_COMP | G.__GFP_NOMEMALLOC | G.__GFP_NOWARN) & ~RECLAIM;

export const GFP_COMPOSITE = {
  __GFP_RECLAIM: RECLAIM,
  GFP_ATOMIC: G.__GFP_HIGH | G.__GFP_KSWAPD_RECLAIM,
  GFP_KERNEL: KERNEL,
  GFP_KERNEL_ACCOUNT: KERNEL | G.__GFP_ACCOUNT,
  GFP_NOWAIT: G.__GFP_KSWAPD_RECLAIM | G.__GFP_NOWARN,
  GFP_NOIO: RECLAIM,
  GFP_NOFS: RECLAIM | G.__GFP_IO,
  GFP_USER: USER,
  GFP_DMA: G.__GFP_DMA,
  GFP_DMA32: G.__GFP_DMA32,
  GFP_HIGHUSER: HIGHUSER,
  GFP_HIGHUSER_MOVABLE: HIGHUSER_MOVABLE,
  GFP_TRANSHUGE_LIGHT: TRANSHUGE_LIGHT,
  GFP_TRANSHUGE: TRANSHUGE_LIGHT | G.__GFP_DIRECT_RECLAIM,
  GFP_PRIVATE: G.__GFP_PRIVATE | G.__GFP_THISNODE,
} as const;

const DOCS: Record<string, [string, VocabEntry['source'], string[]?]> = {
  __GFP_DMA: ['Allocate from ZONE_DMA.', 'upstream'],
  __GFP_HIGHMEM: ['May use highmem; with __GFP_MOVABLE the highest usable zone becomes ZONE_MOVABLE.', 'upstream'],
  __GFP_DMA32: ['Allocate from ZONE_DMA32.', 'upstream'],
  __GFP_MOVABLE: ['The page can be migrated or reclaimed; with __GFP_HIGHMEM it may come from ZONE_MOVABLE.', 'upstream'],
  __GFP_RECLAIMABLE: ['Slab pages that shrinkers can free (grouped as reclaimable).', 'upstream'],
  __GFP_HIGH: ['High priority: may dip below the min watermark.', 'upstream'],
  __GFP_IO: ['Reclaim may start physical I/O.', 'upstream'],
  __GFP_FS: ['Reclaim may call into the filesystem; without it out_of_memory() pretends progress instead of killing.', 'upstream'],
  __GFP_ZERO: ['Return zeroed pages.', 'upstream'],
  __GFP_PRIVATE: ['v4: unlocks N_MEMORY_PRIVATE nodes; without it numa_zone_alloc_allowed() skips every private zone. Fallback still allowed.', 'v4', ['private_v4']],
  __GFP_DIRECT_RECLAIM: ['The caller may enter direct reclaim (may sleep).', 'upstream'],
  __GFP_KSWAPD_RECLAIM: ['Wake kswapd on the nodes of the walk when low watermarks are hit.', 'upstream'],
  __GFP_WRITE: ['The page will be dirtied (page-cache dirty spreading).', 'upstream'],
  __GFP_NOWARN: ['No allocation-failure warning.', 'upstream'],
  __GFP_RETRY_MAYFAIL: ['Retry hard but may fail; never invokes the OOM killer.', 'upstream'],
  __GFP_NOFAIL: ['Never fail: loop until the allocation succeeds.', 'upstream'],
  __GFP_NORETRY: ['Give up after one light reclaim/compaction attempt; no OOM kill.', 'upstream'],
  __GFP_MEMALLOC: ['Access all reserves.', 'upstream'],
  __GFP_COMP: ['Compound page metadata (order > 0).', 'upstream'],
  __GFP_NOMEMALLOC: ['Never use emergency reserves.', 'upstream'],
  __GFP_HARDWALL: ['Enforce the cpuset hardwall (GFP_USER).', 'upstream'],
  __GFP_THISNODE: ['Use the NOFALLBACK zonelist: only the preferred node, no fallback, no OOM kill.', 'upstream'],
  __GFP_ACCOUNT: ['Charge to the memcg (kmemcg).', 'upstream'],
  __GFP_ZEROTAGS: ['Zero memory tags (arm64 MTE).', 'upstream'],
  __GFP_SKIP_ZERO: ['Skip init_on_alloc zeroing.', 'upstream'],
  __GFP_SKIP_KASAN: ['Skip KASAN poisoning.', 'upstream'],
  __GFP_NOLOCKDEP: ['Suppress lockdep reclaim checks.', 'upstream'],
  __GFP_SPM_NODE: ['SPM v2: lets the allocator use Specific Purpose Memory nodes (mt_node_allowed()) and the cpuset\'s full mems instead of sysram_nodes.', 'v2', ['spm_v2']],
  __GFP_RECLAIM: ['__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM.', 'upstream'],
  GFP_ATOMIC: ['__GFP_HIGH | __GFP_KSWAPD_RECLAIM: cannot sleep, may use reserves.', 'upstream'],
  GFP_KERNEL: ['__GFP_RECLAIM | __GFP_IO | __GFP_FS: normal kernel allocation; highest zone NORMAL, so never ZONE_MOVABLE.', 'upstream'],
  GFP_KERNEL_ACCOUNT: ['GFP_KERNEL | __GFP_ACCOUNT.', 'upstream'],
  GFP_NOWAIT: ['__GFP_KSWAPD_RECLAIM | __GFP_NOWARN: no direct reclaim.', 'upstream'],
  GFP_NOIO: ['__GFP_RECLAIM without I/O.', 'upstream'],
  GFP_NOFS: ['__GFP_RECLAIM | __GFP_IO: no filesystem recursion.', 'upstream'],
  GFP_USER: ['GFP_KERNEL | __GFP_HARDWALL: user-space allocation restricted to the cpuset.', 'upstream'],
  GFP_DMA: ['__GFP_DMA.', 'upstream'],
  GFP_DMA32: ['__GFP_DMA32.', 'upstream'],
  GFP_HIGHUSER: ['GFP_USER | __GFP_HIGHMEM.', 'upstream'],
  GFP_HIGHUSER_MOVABLE: ['GFP_HIGHUSER | __GFP_MOVABLE: user pages and page cache; may use ZONE_MOVABLE.', 'upstream'],
  GFP_TRANSHUGE_LIGHT: ['THP allocation without reclaim (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN, minus __GFP_RECLAIM).', 'upstream'],
  GFP_TRANSHUGE: ['GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM.', 'upstream'],
  GFP_PRIVATE: ['v4: __GFP_PRIVATE | __GFP_THISNODE: only the private node, never fall back, never OOM-kill.', 'v4', ['private_v4']],
};

export const GFP_TABLE = table(
  Object.entries({ ...GFP, ...GFP_COMPOSITE }).map(([name, value]) => {
    const [doc, source, designs] = DOCS[name] ?? ['', 'upstream'];
    return { name, value, doc, source, designs };
  }),
);

/** Highest usable zone from GFP, as gfp_zone() on 64-bit: MOVABLE needs both __GFP_MOVABLE and __GFP_HIGHMEM. */
export function gfpAllowsMovableZone(gfp: number): boolean {
  return (gfp & GFP.__GFP_MOVABLE) !== 0 && (gfp & GFP.__GFP_HIGHMEM) !== 0;
}

/** Render a mask the way tracepoints print gfp_flags (composites first). */
export function formatGfp(gfp: number): string {
  if (gfp === 0) return '0';
  const parts: string[] = [];
  let rest = gfp;
  const composites: [string, number][] = [
    ['GFP_HIGHUSER_MOVABLE', GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE],
    ['GFP_HIGHUSER', GFP_COMPOSITE.GFP_HIGHUSER],
    ['GFP_USER', GFP_COMPOSITE.GFP_USER],
    ['GFP_KERNEL', GFP_COMPOSITE.GFP_KERNEL],
    ['GFP_PRIVATE', GFP_COMPOSITE.GFP_PRIVATE],
    ['GFP_NOWAIT', GFP_COMPOSITE.GFP_NOWAIT],
    ['GFP_ATOMIC', GFP_COMPOSITE.GFP_ATOMIC],
  ];
  for (const [name, v] of composites) {
    if ((rest & v) === v) {
      parts.push(name);
      rest &= ~v;
    }
  }
  for (const [name, v] of Object.entries(GFP)) {
    if (rest & v) {
      parts.push(name);
      rest &= ~v;
    }
  }
  return parts.join('|');
}
