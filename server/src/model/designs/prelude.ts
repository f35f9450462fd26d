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

// ---- After v4: the variants argued on the list from June 2026 and the code after RFC v5.
// Each cites its rule table (docs/designs.md "After v4"); 'inferred' marks choices read
// from mail, not code, and every outcome they decide says so.

// TN, "NOFALLBACK-only" (G. Price on the list, 10 Jun 2026; tested locally, never posted):
// a private node is in no FALLBACK list, its own included, only in its NOFALLBACK list,
// so __GFP_THISNODE is the key; no filter in the page allocator; slub's internal THISNODE
// try leaked (observed), hugetlb and arch code were still to check. Mail only: inferred.
// Open: the slub fix (refuse, do not upgrade, opt in) was never chosen; mbind + THISNODE.
design nofallback_only extends private_v4 {
  gate             none
  own_fallback     normal_only
  admits           lists            inferred
  slab             thisnode_try
}

// DF, "folios only, and only with __GFP_THISNODE" (D. Hildenbrand, 10 Jun 2026) and his
// PF_MEMALLOC_FOLIO sketch: non-folio allocations never reach a private node; hugetlb
// (folio + THISNODE) does; allocations nested in a folio allocation inherit the mark.
// Lists presumably TN's. Mail only, the sketch self-described as incomplete: inferred.
// Open: whether non-folio allocations under a private policy are allowed (sources disagree).
design folio_only extends nofallback_only {
  admits           folio_thisnode   inferred
}

// MA, the scoped variant (G. Price, 10-15 Jun 2026): memalloc_private_save() unlocks private
// nodes for what runs inside, memalloc_folio keeps non-folio allocations off; lists as his
// tested draft (every node in every other's list), so a scope can spill onto another
// device's node; interrupts and nested allocations inherit the scope (Babka, Hildenbrand).
// Mail only, no code or test data: inferred. Open: the scope's own lists; the hazard.
design memalloc_scope extends private_v4 {
  gate             none
  normal_lists     include
  admits           scope            inferred
  slab             thisnode_try
}

// RFC v5 "Private Memory NUMA Nodes" (posted 20 Jul 2026) = the June zonelist selector:
// private nodes in no FALLBACK or NOFALLBACK list, not even their own; reached only
// through ZONELIST_PRIVATE, selected per call (MPOL_F_PRIVATE, __folio_alloc_zonelist,
// migration and demotion targets); capabilities RECLAIM, USER_NUMA, DEMOTION,
// NUMA_BALANCING, HOTUNPLUG, LTPIN (without it a longterm pin fails, no migrate-then-pin);
// khugepaged never collapses private folios, MADV_COLLAPSE only under USER_NUMA; cpusets
// do not partition private nodes (never effective in cpuset.mems, neither grant nor deny);
// no __GFP_PRIVATE. From the repository's doc and header
// of that era (the cover letter was not read). Open: what v5 shipped exactly; non-folio
// allocations under a private task policy; nodemask-only per-device confinement; OOM on
// an exhausted private bind.
design private_v5 extends private_v4 {
  gate             none
  own_fallback     normal_only
  own_nofallback   none
  user_masks       trim_unopted
  rebind           keep_special
  admits           private_zonelist
  slab             thisnode_try
  longterm_pin     fail
  collapse         user_numa
  cpuset           ignores
}

// R1, post-v5 repository snapshot "N_MEMORY_PUBLIC": a private node is N_MEMORY but not
// N_MEMORY_PUBLIC, reached as in v5; HugeTLB pool placement is a USER_NUMA feature; page
// tables of a BIND task land on a kernel-zoned private node; THP collapse always excluded;
// longterm pins as v5 (the snapshot's LTPIN rule is not confirmed: inferred); cpusets govern
// private nodes (listing grants, a private-only cpuset.mems is EINVAL); the boot parameter
// private_node=ID[,features] makes a CPU-less node private from boot; only MPOL_BIND may
// name a private node (PREFERRED/INTERLEAVE masks are narrowed to public nodes). Undated.
// Open: snapshot order; which features are opt-ins (the snapshots disagree).
design memory_public extends private_v5 {
  user_masks       bind_only
  hugetlb          user_numa
  collapse         services
  longterm_pin     fail             inferred
  cpuset           governs
  boot_param       private_node
}

// R2, post-v5 repository snapshot "N_MEMORY_COMMON" (probably the newest): only the
// driver-only folio_alloc_node_private(gfp | __GFP_THISNODE, order, nid) reaches a private
// node, on its own one-node list: NULL on failure, no OOM kill, strict per-device
// isolation; no userspace NUMA access (masks keep common nodes only, move_pages ENODEV);
// THP collapse always excluded; longterm pins as v5 (not confirmed for R2: inferred); cgroup v2
// keeps a private-only cpuset.mems and adds the parent's common nodes (as v4's rule).
// Open: snapshot order (guessed newest).
design memory_common extends private_v5 {
  admits           node_private
  user_masks       n_memory
  migrate_targets  none
  collapse         services
  longterm_pin     fail             inferred
  cpuset           grants
}
`;
