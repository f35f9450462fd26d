import { CallbackName, NP_OPS } from '../../vocab/npops';

/**
 * node_private_set_ops validation (kernel-rules.md §1.3, v4 drivers/base/node.c,
 * accumulated over patches 12, 13, 15, 18, 19). Pure: the static check on node
 * declarations and the emulator's node_private_set_ops share it.
 */
export interface OpsProblem {
  message: string;
  /** for quick fixes: a flag to add, a flag to drop, or a callback to provide */
  addFlag?: string;
  removeFlag?: string;
  addCallback?: CallbackName;
}

export function validateOps(flags: number, callbacks: readonly string[]): OpsProblem[] {
  const out: OpsProblem[] = [];
  const has = (bit: number) => (flags & bit) !== 0;
  const cb = new Set(callbacks);
  if (has(NP_OPS.NP_OPS_MIGRATION)) {
    for (const need of ['migrate_to', 'folio_migrate'] as const) {
      if (!cb.has(need)) out.push({ message: `NP_OPS_MIGRATION requires the \`${need}\` callback`, addCallback: need });
    }
  }
  if (has(NP_OPS.NP_OPS_MEMPOLICY) && !has(NP_OPS.NP_OPS_MIGRATION)) {
    out.push({ message: 'NP_OPS_MEMPOLICY requires NP_OPS_MIGRATION', addFlag: 'NP_OPS_MIGRATION' });
  }
  if (has(NP_OPS.NP_OPS_MEMPOLICY) && has(NP_OPS.NP_OPS_PROTECT_WRITE)) {
    out.push({ message: 'NP_OPS_MEMPOLICY and NP_OPS_PROTECT_WRITE are mutually exclusive', removeFlag: 'NP_OPS_PROTECT_WRITE' });
  }
  if (has(NP_OPS.NP_OPS_NUMA_BALANCING) && !has(NP_OPS.NP_OPS_MIGRATION)) {
    out.push({ message: 'NP_OPS_NUMA_BALANCING requires NP_OPS_MIGRATION', addFlag: 'NP_OPS_MIGRATION' });
  }
  if (has(NP_OPS.NP_OPS_COMPACTION) && !has(NP_OPS.NP_OPS_MIGRATION)) {
    out.push({ message: 'NP_OPS_COMPACTION requires NP_OPS_MIGRATION', addFlag: 'NP_OPS_MIGRATION' });
  }
  return out;
}
