/**
 * A kernel design = one small object of hooks, consumed by zonelist.ts,
 * page_alloc.ts, mempolicy.ts, migrate.ts, oom_kill.ts and memory_hotplug.ts.
 * Nothing outside this folder asks "which design is this?"; it asks the hook.
 */
import type { DesignName } from '../../model/ir';
import type { NodeStateName } from '../../run/result';
import type { VariantChoices } from './variant';

/** What a design needs to know about a node to decide. */
export interface DesignNode {
  id: number;
  state: NodeStateName;
}

export interface Design {
  name: DesignName;
  /** the state a node declared `private` (or a cram node) takes once it has memory */
  privateState: NodeStateName;
  /** does a private node's NP_OPS gate mm services (migration, reclaim, demotion, pins, ...)? */
  opsApply: boolean;
  /** a private node's own FALLBACK list: itself then the N_MEMORY nodes, or itself only */
  privateOwnList: 'self-then-normal' | 'self-only';
  /**
   * The per-zone gate of the allocator walk (numa_zone_alloc_allowed / mt_node_allowed):
   * returns why the zone is skipped, or undefined when it may be used.
   */
  zoneGate(node: DesignNode, gfp: number): string | undefined;
  /** A page landed on a node: does it count as a private-node leak under this design? reason or undefined */
  leak(node: DesignNode, gfp: number, serviceRight: boolean): string | undefined;
  /** how user nodemasks treat special nodes: v4 rules, SPM sysram clipping, or none */
  userMasks: 'v4' | 'sysram' | 'none';
  /** the GFP flag a kernel caller uses to say "I mean the special node" (for explain lines) */
  unlockFlag?: string;
  /** the post-v4 variants' mechanism choices (designs/variant.ts); absent for the v4-era designs */
  variant?: VariantChoices;
}
