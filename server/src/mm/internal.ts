/**
 * Like the kernel's mm/internal.h: the mm core's files call each other in a loop (a fault
 * allocates, allocation reclaims, reclaim migrates, migration allocates, an OOM kill frees, a
 * policy moves pages, a cpuset rebinds policies), and this names the loop and every edge of it.
 * test/unit/layers.test.ts fails when the import graph has another cycle, or an edge inside this
 * one that is not listed here (or a listed one that is gone). Reading order: mm/README.md.
 */

/** the files of the one import cycle the layering allows (server/src/mm/NAME.ts) */
export const MM_CORE = ['page_alloc', 'vmscan', 'migrate', 'memory', 'oom_kill', 'zswap', 'services', 'mempolicy', 'cpuset'] as const;

export type CoreFile = (typeof MM_CORE)[number];

/** from -> to -> the names `from` imports from `to`, with why the kernel has the same call */
export const MM_CORE_EDGES: Record<CoreFile, Partial<Record<CoreFile, readonly string[]>>> = {
  page_alloc: {
    // __alloc_pages: the cpuset hardwall, the slow path's kswapd wakeup and direct reclaim, then the OOM killer
    cpuset: ['hardwallMems', 'taskAllowsNode'],
    vmscan: ['directReclaim', 'wakeupKswapd'],
    oom_kill: ['OomResult', 'outOfMemory'],
  },
  vmscan: {
    // shrink_folio_list: demotion is a migration, swap-out may go to zswap, private nodes are told through their service
    migrate: ['Segment', 'migrateToNode', 'segmentsOf'],
    zswap: ['zswapStore'],
    services: ['mediaErase', 'serviceApi', 'writableGone'],
  },
  migrate: {
    // migrate_pages allocates its targets; private targets go through node_private_migrate_to; targets obey the cpuset
    page_alloc: ['allocPages'],
    services: ['mediaErase', 'mediaStore', 'nodePrivateMigrateTo', 'serviceApi', 'writableGone'],
    cpuset: ['taskMems', 'userVisibleMems'],
  },
  memory: {
    // handle_mm_fault: the policy decides the node, the allocator the page; swap-in from zswap; a bad access kills
    mempolicy: ['Plan', 'describePolicy', 'planFor', 'planWhy'],
    page_alloc: ['AllocResult', 'allocPages'],
    migrate: ['isProtectWrite', 'migrateToNode', 'nodeAllowsMigrate', 'segmentsOf'],
    zswap: ['zswapLoadRange'],
    services: ['mediaErase', 'mediaStore', 'serviceApi', 'writableGone'],
    oom_kill: ['killTask'],
  },
  oom_kill: {
    // out_of_memory: constraints from the request and the cpuset; the victim's memory is freed (exit_mmap)
    page_alloc: ['AllocRequest'],
    cpuset: ['taskMems'],
    memory: ['freeTaskMemory'],
  },
  zswap: {
    // zswap_store allocates the compressed copy; a compressing device's media stores and frees it
    page_alloc: ['allocPages'],
    services: ['mediaErase', 'mediaStore'],
  },
  services: {
    // the ServiceApi a node's owner (CRAM, a driver) calls back into: allocation, kswapd, reclaim
    page_alloc: ['allocPages'],
    vmscan: ['balancePgdat', 'shrinkNode'],
  },
  mempolicy: {
    // mpol_set_nodemask reads the cpuset; do_mbind's MOVE migrates (interleave: a target per folio's address)
    cpuset: ['taskMems', 'userVisibleMems'],
    migrate: ['migrateByAddress', 'migrateToNode', 'nodeAllowsMigrate', 'segmentsOf'],
  },
  cpuset: {
    // update_nodemask rebinds policies (mpol_rebind_mm) and cpuset_migrate_mm moves pages
    mempolicy: ['rebindPolicy'],
    migrate: ['migrateToNode', 'nodeAllowsMigrate', 'segmentsOf'],
  },
};
