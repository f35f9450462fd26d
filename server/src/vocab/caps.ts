import { table, VocabEntry } from './entry';
import { NP_OPS } from './npops';

/**
 * Node capabilities of the post-v4 designs (the `caps` node attribute), beside the
 * v4 NP_OPS flags. After v4 the series dropped the ops callbacks and kept a flag
 * word of capabilities in `struct node_private` (the zonelist-selector era of
 * June 2026: RECLAIM, MEMPOLICY, HOTUNPLUG, TIERING, LTPIN, USER_MIGRATE), renamed
 * for the posted RFC v5 of 20 Jul 2026 (RECLAIM, USER_NUMA, DEMOTION, HOTUNPLUG,
 * NUMA_BALANCING, LTPIN, plus the write fence that succeeds PROTECT_WRITE). The
 * later repository snapshots turned them into per-feature node states
 * (N_MEMORY_RECLAIM, ...), which the same names stand for here.
 *
 * The emulator's mm services are gated by NP_OPS bits, so each capability is
 * carried by the NP_OPS bits that open the same paths (`ops`); `cite` names where
 * the capability comes from. A capability whose behaviour mmlab does not model
 * says so and opens nothing.
 */
export interface CapEntry extends VocabEntry {
  /** NP_OPS bits the emulator applies for it */
  ops: number;
  /** where the name and its meaning come from, in words */
  cite: string;
}

const M = NP_OPS.NP_OPS_MIGRATION;

export const CAPS = {
  RECLAIM: 1 << 0,
  MEMPOLICY: 1 << 1,
  HOTUNPLUG: 1 << 2,
  TIERING: 1 << 3,
  LTPIN: 1 << 4,
  USER_MIGRATE: 1 << 5,
  USER_NUMA: 1 << 6,
  DEMOTION: 1 << 7,
  NUMA_BALANCING: 1 << 8,
  POLICY_WRITE_FENCE: 1 << 9,
  COMPACTION: 1 << 10,
  USER_WRITE: 1 << 11,
} as const;

const CAP_LIST: CapEntry[] = [
  { name: 'RECLAIM', value: CAPS.RECLAIM, ops: NP_OPS.NP_OPS_RECLAIM, source: 'v5', cite: 'zonelist-selector node_private.h (June 2026), RFC v5 cover summaries, both post-v5 snapshots (N_MEMORY_RECLAIM)', doc: 'kswapd and direct reclaim may operate on the node (v4: NP_OPS_RECLAIM). Post-v5 snapshot R1 also lets MADV_COLD/PAGEOUT/FREE act on its folios.' },
  { name: 'MEMPOLICY', value: CAPS.MEMPOLICY, ops: NP_OPS.NP_OPS_MEMPOLICY | M, source: 'v5', cite: 'zonelist-selector node_private.h and numa_private_nodes.rst (June 2026)', doc: 'mpol_set_nodemask keeps the node in mbind / set_mempolicy / home-node masks (else it is dropped) and a surviving private node sets MPOL_F_PRIVATE. Renamed USER_NUMA in v5.' },
  { name: 'HOTUNPLUG', value: CAPS.HOTUNPLUG, ops: M, source: 'v5', cite: 'zonelist-selector node_private.h, RFC v5 cover summaries', doc: 'The node\'s memory may be offlined (its folios migrated away). mmlab opens the migration path offlining uses.' },
  { name: 'TIERING', value: CAPS.TIERING, ops: NP_OPS.NP_OPS_DEMOTION | NP_OPS.NP_OPS_NUMA_BALANCING | M, source: 'v5', cite: 'zonelist-selector node_private.h (June 2026)', doc: 'Demotion target, NUMA balancing and DAMON. Requires RECLAIM (checked at registration: -EINVAL). Split into DEMOTION and NUMA_BALANCING in v5.' },
  { name: 'LTPIN', value: CAPS.LTPIN, ops: NP_OPS.NP_OPS_LONGTERM_PIN, source: 'v5', cite: 'zonelist-selector node_private.h, RFC v5 cover summaries', doc: 'FOLL_LONGTERM pins in place. Without it the zonelist-selector code fails the pin outright (no migrate-then-pin as in v4); mmlab keeps v4\'s migrate-then-pin [not modelled].' },
  { name: 'USER_MIGRATE', value: CAPS.USER_MIGRATE, ops: M, source: 'v5', cite: 'zonelist-selector node_private.h and its move_pages selftest', doc: 'move_pages / migrate_pages may target the node (through the private zonelist, confined to it). Not opted: a page there reports -ENOENT and the node as target gives -ENODEV.' },
  { name: 'USER_NUMA', value: CAPS.USER_NUMA, ops: NP_OPS.NP_OPS_MEMPOLICY | M, source: 'v5', cite: 'RFC v5 cover summaries; v5-era numa_private_nodes.rst; post-v5 snapshot R1 (N_MEMORY_USER_NUMA, which also admits HugeTLB pool placement)', doc: 'mbind, set_mempolicy, home node, move_pages, migrate_pages and MADV_COLLAPSE may use the node (MEMPOLICY + USER_MIGRATE of the June code).' },
  { name: 'DEMOTION', value: CAPS.DEMOTION, ops: NP_OPS.NP_OPS_DEMOTION | M, source: 'v5', cite: 'RFC v5 cover summaries; v5-era node_private.h', doc: 'The node is a demotion target. Requires RECLAIM (-EINVAL at registration).' },
  { name: 'NUMA_BALANCING', value: CAPS.NUMA_BALANCING, ops: NP_OPS.NP_OPS_NUMA_BALANCING | M, source: 'v5', cite: 'RFC v5 cover summaries; v5-era node_private.h', doc: 'NUMA balancing may scan and promote the node\'s folios; stands alone (no RECLAIM needed).' },
  { name: 'POLICY_WRITE_FENCE', value: CAPS.POLICY_WRITE_FENCE, ops: NP_OPS.NP_OPS_PROTECT_WRITE, source: 'v5', cite: 'v5-era node_private.h', doc: 'Folios on the node are mapped read-only; a write must COW-promote the folio off the node (the successor of NP_OPS_PROTECT_WRITE).' },
  { name: 'COMPACTION', value: CAPS.COMPACTION, ops: NP_OPS.NP_OPS_COMPACTION | M, source: 'v5', cite: 'post-v5 snapshot R2 numa_private_nodes.rst (N_MEMORY_COMPACTION)', doc: 'Compaction may run on the node.' },
  { name: 'USER_WRITE', value: CAPS.USER_WRITE, ops: 0, source: 'v5', cite: 'post-v5 snapshots R1 and R2 (NODE_MEMORY_FEAT_USER_WRITE)', doc: 'Userspace may write the node\'s folios; withheld, the node is a read-only tier and a write relocates the folio [not modelled: recorded only].' },
];

export const CAP_TABLE: ReadonlyMap<string, CapEntry> = table(CAP_LIST) as ReadonlyMap<string, CapEntry>;

/** Accept `CAP_USER_NUMA` for `USER_NUMA`. */
export function capName(name: string): string {
  return name.startsWith('CAP_') ? name.slice(4) : name;
}

/** The NP_OPS bits a capability mask opens in the emulator. */
export function opsOfCaps(caps: number): number {
  let ops = 0;
  for (const c of CAP_LIST) if (caps & c.value) ops |= c.ops;
  return ops;
}

/** Registration rules of the capability word: DEMOTION and TIERING require RECLAIM. */
export function validateCaps(caps: number): string[] {
  const out: string[] = [];
  if (!(caps & CAPS.RECLAIM)) {
    if (caps & CAPS.DEMOTION) out.push('DEMOTION requires RECLAIM');
    if (caps & CAPS.TIERING) out.push('TIERING requires RECLAIM');
  }
  return out;
}

export function formatCaps(caps: number): string {
  return CAP_LIST.filter((c) => caps & c.value).map((c) => c.name).join(' | ') || '0';
}
