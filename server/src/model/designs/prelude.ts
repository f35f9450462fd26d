/**
 * The built-in designs, declared in the scenario language itself: the same form a
 * reviewer uses to write the next variant (language.md "Designs"). The model layer
 * parses this text once at start (model/designs/builtins.ts); a design is nothing more than
 * these choices. Keep each declaration's comments about where its choices come from.
 */
export const PRELUDE = `// mmlab prelude: the built-in designs

// Today's kernel: a \`private\` node is just another CPU-less N_MEMORY node.
design stock {
  node_state       N_MEMORY
  unlock           none
  gate             none
  normal_lists     include
  own_fallback     self_then_normal
  own_nofallback   self
  private_zonelist none
  services         open
  user_masks       n_memory
  rebind           remap
  injects          none
  leak             never
  oom_nodes        all
  migrate_targets  open
}

// RFC v4 "Private Memory Nodes" (Feb 2026), the hard guarantee: isolated lists and the
// __GFP_PRIVATE gate; mm services reach the node only through its NP_OPS flags.
design private_v4 {
  node_state       N_MEMORY_PRIVATE
  unlock           __GFP_PRIVATE
  gate             __GFP_PRIVATE
  normal_lists     exclude
  own_fallback     self_then_normal
  own_nofallback   self
  private_zonelist none
  services         gated
  user_masks       require_op
  rebind           drop_unopted
  injects          fault, mbind_move
  leak             without_unlock
  oom_nodes        ops_eligible
  migrate_targets  driver
}

// "Option #2", the soft guarantee the community asked for: fallback-list isolation
// only; anyone who names the node reaches it.
design private_soft extends private_v4 {
  gate             none
}

// private_soft with a self-only fallback list for the private node (alloc_shrinker_info
// "always fails"). To give the leak/failure matrix's self-only column both of its
// answers, the node takes only requests that name it without fallback or with the
// owner's consent [inferred].
design private_nofallback extends private_soft {
  own_fallback     self_only
  gate             __GFP_PRIVATE | __GFP_THISNODE   inferred
}

// RFC v2 "Specific Purpose Memory NUMA nodes" (Nov 2025): SPM nodes stay N_MEMORY and
// in every zonelist, filtered per zone unless __GFP_SPM_NODE; user masks clipped to sysram.
design spm_v2 {
  node_state       SPM
  unlock           __GFP_SPM_NODE
  gate             __GFP_SPM_NODE
  normal_lists     include
  own_fallback     self_then_normal
  own_nofallback   self
  private_zonelist none
  services         open
  user_masks       sysram
  rebind           sysram
  injects          zswap
  leak             without_unlock
  oom_nodes        sysram
  migrate_targets  refused
}

// The memory as ZONE_DEVICE: outside the buddy allocator, no mempolicy, no LRU. The
// driver's own allocator is modelled as a request carrying __GFP_PRIVATE that names
// the node [inferred modelling choice].
design zone_device {
  node_state       ZONE_DEVICE
  unlock           none
  gate             __GFP_PRIVATE
  normal_lists     exclude
  own_fallback     self_then_normal
  own_nofallback   self
  private_zonelist none
  services         closed
  user_masks       n_memory
  rebind           remap
  injects          none
  leak             never
  oom_nodes        all
  migrate_targets  none
}

// The post-v4 ZONELIST_PRIVATE design: private nodes are in no FALLBACK or NOFALLBACK
// list, not even their own; a caller that means the node (a policy with MPOL_F_PRIVATE,
// a driver, a service migrating to it) selects ZONELIST_PRIVATE. No per-zone gate.
design private_latest extends private_v4 {
  gate             none
  own_fallback     normal_only
  own_nofallback   none
  private_zonelist unlock
  user_masks       trim_unopted
  rebind           keep_special
}
`;
