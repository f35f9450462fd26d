import { table } from './entry';

/** include/linux/node_private.h (v4). Bit order as in the series. */
export const NP_OPS = {
  NP_OPS_MIGRATION: 1 << 0,
  NP_OPS_MEMPOLICY: 1 << 1,
  NP_OPS_DEMOTION: 1 << 2,
  NP_OPS_PROTECT_WRITE: 1 << 3,
  NP_OPS_RECLAIM: 1 << 4,
  NP_OPS_NUMA_BALANCING: 1 << 5,
  NP_OPS_COMPACTION: 1 << 6,
  NP_OPS_LONGTERM_PIN: 1 << 7,
} as const;

/** The code defines it as RECLAIM|DEMOTION (the cover letter says MIGRATION|DEMOTION; the code wins). */
export const NP_OPS_OOM_ELIGIBLE = NP_OPS.NP_OPS_RECLAIM | NP_OPS.NP_OPS_DEMOTION;

export const CALLBACKS = ['free_folio', 'folio_split', 'migrate_to', 'folio_migrate', 'handle_fault', 'reclaim_policy', 'memory_failure'] as const;
export type CallbackName = (typeof CALLBACKS)[number];

/** What CRAM registers (mm/cram.c, v4): flags and callbacks. */
export const CRAM_OPS =
  NP_OPS.NP_OPS_MIGRATION | NP_OPS.NP_OPS_DEMOTION | NP_OPS.NP_OPS_NUMA_BALANCING | NP_OPS.NP_OPS_PROTECT_WRITE | NP_OPS.NP_OPS_RECLAIM;
export const CRAM_CALLBACKS: readonly CallbackName[] = ['handle_fault', 'migrate_to', 'folio_migrate', 'free_folio', 'reclaim_policy'];

/** Callbacks a flag needs when the driver gives no explicit `callbacks` list. */
export function callbacksRequiredBy(flags: number): CallbackName[] {
  const out: CallbackName[] = [];
  if (flags & NP_OPS.NP_OPS_MIGRATION) out.push('migrate_to', 'folio_migrate');
  return out;
}

export const NP_OPS_TABLE = table([
  { name: 'NP_OPS_MIGRATION', value: NP_OPS.NP_OPS_MIGRATION, source: 'v4', doc: 'Folios on the node may be migrated (move_pages, mbind MOVE, hot-unplug, pins); the node is a user migration target via migrate_to. Needs migrate_to and folio_migrate.' },
  { name: 'NP_OPS_MEMPOLICY', value: NP_OPS.NP_OPS_MEMPOLICY, source: 'v4', doc: 'The node may appear in mbind/set_mempolicy masks; faults under such a policy add __GFP_PRIVATE. Needs MIGRATION; excludes PROTECT_WRITE.' },
  { name: 'NP_OPS_DEMOTION', value: NP_OPS.NP_OPS_DEMOTION, source: 'v4', doc: 'The node is a demotion-target candidate in memory-tiers (reached through its migrate_to); never a demotion source.' },
  { name: 'NP_OPS_PROTECT_WRITE', value: NP_OPS.NP_OPS_PROTECT_WRITE, source: 'v4', doc: 'Mappings of the node\'s folios stay read-only (migration strips the write bit, mprotect cannot add it); writes fault into handle_fault.' },
  { name: 'NP_OPS_RECLAIM', value: NP_OPS.NP_OPS_RECLAIM, source: 'v4', doc: 'kswapd wake and global direct reclaim may operate on the node (zone_reclaim_allowed).' },
  { name: 'NP_OPS_NUMA_BALANCING', value: NP_OPS.NP_OPS_NUMA_BALANCING, source: 'v4', doc: 'NUMA balancing may scan (prot_none) the node\'s folios and promote them. Needs MIGRATION.' },
  { name: 'NP_OPS_COMPACTION', value: NP_OPS.NP_OPS_COMPACTION, source: 'v4', doc: 'Direct/proactive/manual compaction may run on the node\'s zones. Needs MIGRATION.' },
  { name: 'NP_OPS_LONGTERM_PIN', value: NP_OPS.NP_OPS_LONGTERM_PIN, source: 'v4', doc: 'FOLL_LONGTERM pins in place; without it GUP migrates the folio away first (or fails with ENOMEM without MIGRATION).' },
  { name: 'NP_OPS_OOM_ELIGIBLE', value: NP_OPS_OOM_ELIGIBLE, source: 'v4', doc: 'RECLAIM | DEMOTION (as the code defines it): the node counts for the OOM killer\'s eligibility checks.' },
]);

/** Accept `MIGRATION` for `NP_OPS_MIGRATION` (language.md, tokens). */
export function npOpsName(name: string): string {
  return name.startsWith('NP_OPS_') ? name : `NP_OPS_${name}`;
}
