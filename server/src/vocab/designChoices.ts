/**
 * The mechanism choices a `design` declaration is made of (language.md "Designs").
 * One table feeds the parser's checks, the lowering, hovers, completion and the
 * grammar; the emulator (mm/) reads the lowered values, never a design's name.
 *
 * The set is the complete list of what the built-in designs differ in, split so that
 * every choice answers one question about the kernel. Each value says what kernel
 * code it stands for and where that comes from (the RFC series or a mail of the
 * thread); "[inferred]" marks mmlab's own reading.
 */

export interface ChoiceValue {
  name: string;
  /** what the value means, in the kernel's terms */
  doc: string;
  /** the kernel code this value stands for and where that comes from */
  kernel: string;
}

export interface ChoiceSpec {
  key: string;
  /** the question the choice answers */
  doc: string;
  /** `one`: a single value; `flags`: GFP flags joined with `|`, or `none`; `list`: values joined with `,`, or `none` */
  form: 'one' | 'flags' | 'list';
  values: ChoiceValue[];
  /** an optional choice (the post-v4 variants' mechanisms): its value when a declaration does not give it */
  optional?: string;
}

export const DESIGN_CHOICES: readonly ChoiceSpec[] = [
  {
    key: 'node_state',
    doc: 'The node state a node declared `private` (or a `cram` node) takes once it has memory.',
    form: 'one',
    values: [
      { name: 'N_MEMORY', doc: 'an ordinary N_MEMORY node (CPU-less): nothing is special about it', kernel: 'node_states[N_MEMORY], set by online_pages() in mm/memory_hotplug.c (upstream)' },
      { name: 'N_MEMORY_PRIVATE', doc: 'N_MEMORY_PRIVATE: not N_MEMORY; the node carries a struct node_private (owner, NP_OPS flags, callbacks)', kernel: 'node_private_register() in drivers/base/node.c and N_MEMORY_PRIVATE in include/linux/nodemask.h (RFC v4, Feb 2026)' },
      { name: 'SPM', doc: 'N_MEMORY, and listed in mt_spm_nodelist (not in mt_sysram_nodelist)', kernel: 'mt_set_node_type() in mm/memory-tiers.c, hotplug flag MHP_SPM_NODE (RFC v2 "Specific Purpose Memory NUMA nodes", Nov 2025)' },
      { name: 'ZONE_DEVICE', doc: 'device memory outside the buddy allocator (managed_pages = 0), not N_MEMORY; only the driver hands it out', kernel: 'memremap_pages() / struct dev_pagemap (upstream; the status quo the thread compares against, Price to Hildenbrand, Apr 2026)' },
    ],
  },
  {
    key: 'unlock',
    doc: 'The GFP flag a caller uses to say "I mean the special node": kernel paths inject it, the leak test asks for it, a private zonelist is selected by it.',
    form: 'flags',
    values: [
      { name: 'none', doc: 'no flag means "I mean the special node"', kernel: 'stock gfp_types.h (upstream)' },
      { name: '__GFP_PRIVATE', doc: 'the v4 flag (bit 9); GFP_PRIVATE = __GFP_PRIVATE | __GFP_THISNODE', kernel: 'include/linux/gfp_types.h (RFC v4)' },
      { name: '__GFP_SPM_NODE', doc: 'the SPM flag', kernel: 'include/linux/gfp_types.h (RFC v2 SPM)' },
      { name: '__GFP_THISNODE', doc: 'no new flag: naming the node without fallback is the key (the "THISNODE as the gate" position)', kernel: 'Singh, Jun 3 2026 and Price\'s NOFALLBACK-only test set, Jun 10 2026' },
    ],
  },
  {
    key: 'gate',
    doc: 'Which flags let an allocation use a special node\'s zone in the zone walk (the per-zone filter); `none`: no filter, the lists alone isolate. The filter applies in every context (task, kernel, interrupt).',
    form: 'flags',
    values: [
      { name: 'none', doc: 'no per-zone filter: whoever walks a list that holds the node (an explicit nid, a nodemask, for_each_node) may use it', kernel: 'stock get_page_from_freelist() (upstream); "option #2, soft guarantee" (Price to Singh, Jun 3 2026)' },
      { name: '__GFP_PRIVATE', doc: 'numa_zone_alloc_allowed() skips an N_MEMORY_PRIVATE zone unless the request carries __GFP_PRIVATE', kernel: 'numa_zone_alloc_allowed() in mm/page_alloc.c, called from get_page_from_freelist, should_reclaim_retry, alloc_pages_bulk, try_to_compact_pages, hugetlb and slub (RFC v4 patch 3)' },
      { name: '__GFP_SPM_NODE', doc: 'mt_node_allowed() skips an SPM zone unless the request carries __GFP_SPM_NODE', kernel: 'mt_node_allowed() in mm/memory-tiers.c, checked beside the cpuset check (RFC v2 SPM)' },
      { name: '__GFP_THISNODE', doc: 'only a request that names the node without fallback passes', kernel: 'the "THISNODE as the gate" position (Singh, Jun 3 2026; Hildenbrand, Apr 2026) [inferred as a filter]' },
    ],
  },
  {
    key: 'normal_lists',
    doc: 'Whether normal nodes\' FALLBACK lists hold the special node.',
    form: 'one',
    values: [
      { name: 'include', doc: 'every node\'s list holds it by distance (find_next_best_node over every memory node)', kernel: 'build_zonelists() (upstream); SPM nodes stay in every zonelist (RFC v2)' },
      { name: 'exclude', doc: 'no normal node\'s list holds it: find_next_best_node() takes only N_MEMORY candidates', kernel: 'find_next_best_node_in() in mm/page_alloc.c (RFC v4)' },
    ],
  },
  {
    key: 'own_fallback',
    doc: 'What the special node\'s own ZONELIST_FALLBACK holds (used by an allocation that names it, without __GFP_THISNODE).',
    form: 'one',
    values: [
      { name: 'self_then_normal', doc: 'itself, then the N_MEMORY nodes by distance: allocations made on behalf of the node fall back to DRAM', kernel: 'build_zonelists() for a private node, boot log "Fallback order for Node N (private)" (RFC v4)' },
      { name: 'self_only', doc: 'itself only: allocations aimed at it never fall back (alloc_shrinker_info "always fails")', kernel: 'the "self-only" variant of the hard/soft isolation debate (Price to Hildenbrand, Apr 13 2026)' },
      { name: 'normal_only', doc: 'the N_MEMORY nodes only, not itself: only a private zonelist (or the NOFALLBACK list) reaches it', kernel: 'ZONELIST_PRIVATE design: private nodes absent from FALLBACK, even their own (post-v4 repository, Documentation/mm/numa_private_nodes.rst); Price\'s NOFALLBACK-only test set (Jun 10 2026)' },
      { name: 'none', doc: 'an empty list: an allocation naming the node without a private zonelist finds no memory', kernel: '[inferred] the strictest reading of "reachable only through a private zonelist"' },
    ],
  },
  {
    key: 'own_nofallback',
    doc: 'What the special node\'s ZONELIST_NOFALLBACK holds (used with __GFP_THISNODE).',
    form: 'one',
    values: [
      { name: 'self', doc: 'itself (stock: every node\'s NOFALLBACK list is its own zones)', kernel: 'build_thisnode_zonelists() (upstream)' },
      { name: 'none', doc: 'nothing: __GFP_THISNODE on the node finds no memory ("for each online node: alloc THISNODE" fails)', kernel: 'ZONELIST_PRIVATE design: private zones in neither FALLBACK nor NOFALLBACK (post-v4 repository doc; Price, Jun 15 2026)' },
    ],
  },
  {
    key: 'private_zonelist',
    doc: 'Whether a request carrying the unlock flag walks a separate ZONELIST_PRIVATE: every memory node, special ones included, by distance from the preferred node (only the preferred node with __GFP_THISNODE).',
    form: 'one',
    values: [
      { name: 'none', doc: 'no private zonelist: every request walks FALLBACK or NOFALLBACK', kernel: 'upstream zonelists' },
      { name: 'unlock', doc: 'the unlock flag selects ZONELIST_PRIVATE (what MPOL_F_PRIVATE and alloc_zonelist_for_node() choose)', kernel: 'enum alloc_zonelist in alloc_context, __folio_alloc_zonelist(), alloc_zonelist_for_node() (Price, Jun 15-18 2026; post-v4 include/linux/node_private.h)' },
    ],
  },
  {
    key: 'services',
    doc: 'How mm services (migration, reclaim, demotion, compaction, NUMA balancing, longterm pins, khugepaged, madvise) treat pages on a special node.',
    form: 'one',
    values: [
      { name: 'gated', doc: 'each service acts only where the node\'s NP_OPS flags opt in; the driver registers ops and callbacks', kernel: 'node_private_set_ops() and the NP_OPS_* checks (folio_managed_allows_*) at each service (RFC v4 patches 6-20)' },
      { name: 'open', doc: 'every service treats the node as ordinary memory; NP_OPS flags are ignored', kernel: 'upstream mm services' },
      { name: 'closed', doc: 'no service touches the node and no ops can be registered ("closed by default")', kernel: 'Price, Jun 4 2026: "closed by default"; ZONE_DEVICE memory has no LRU (upstream)' },
    ],
  },
  {
    key: 'user_masks',
    doc: 'Which user nodemasks (mbind, set_mempolicy) may name a special node, and what a mask naming it does.',
    form: 'one',
    values: [
      { name: 'require_op', doc: 'a mask may name a special node only if it has NP_OPS_MEMPOLICY, else the whole call is EINVAL (even a mixed mask); a surviving special node sets MPOL_F_PRIVATE', kernel: 'mpol_set_nodemask() in mm/mempolicy.c (RFC v4)' },
      { name: 'trim_unopted', doc: 'a special node without NP_OPS_MEMPOLICY is silently dropped from the mask (EINVAL if nothing is left); a surviving one sets MPOL_F_PRIVATE', kernel: 'mpol_set_nodemask() dropping a private node unless CAP_MEMPOLICY (post-v4 repository, ZONELIST_PRIVATE era)' },
      { name: 'bind_only', doc: 'as trim_unopted for MPOL_BIND; every other mode (PREFERRED, PREFERRED_MANY, INTERLEAVE, WEIGHTED_INTERLEAVE) is narrowed to the normal nodes: special nodes dropped, EINVAL if nothing is left (INTERLEAVE {0,P} places everything on 0)', kernel: 'mpol_set_nodemask() narrowing every mode but MPOL_BIND to has_user_memory / N_MEMORY_PUBLIC nodes (post-v5 repository snapshot R1, "N_MEMORY_PUBLIC" feature node states)' },
      { name: 'sysram', doc: 'masks are clipped to the task\'s sysram nodes: special nodes silently dropped, EINVAL if nothing is left; user allocations see cpuset.mems.sysram unless they carry the unlock flag', kernel: 'sysram_nodes in kernel/cgroup/cpuset.c and mpol_set_nodemask() (RFC v2 SPM)' },
      { name: 'n_memory', doc: 'the stock rule: masks are intersected with N_MEMORY, so a special node outside N_MEMORY is silently dropped', kernel: 'mpol_set_nodemask() (upstream)' },
    ],
  },
  {
    key: 'rebind',
    doc: 'How a cpuset.mems change rebinds a policy that names a special node.',
    form: 'one',
    values: [
      { name: 'remap', doc: 'the stock positional remap over the new mems', kernel: 'mpol_rebind_nodemask() (upstream)' },
      { name: 'drop_unopted', doc: 'the stock remap, then special nodes without NP_OPS_MEMPOLICY are dropped and MPOL_F_PRIVATE recomputed', kernel: 'mpol_rebind_nodemask() (RFC v4)' },
      { name: 'sysram', doc: 'the remap runs over cpuset.mems.sysram: special nodes never enter a policy', kernel: 'cpuset rebinds use mems_sysram (RFC v2 SPM)' },
      { name: 'keep_special', doc: 'special nodes stay in the policy untouched; only the normal nodes are remapped (a change can drop a special node, never fold a policy onto one)', kernel: 'post-v4 repository doc: "only the userland-NUMA subset is positionally remapped"; the v5-era cpuset selftest (a private bind is unaffected by public mems changes)' },
    ],
  },
  {
    key: 'injects',
    doc: 'Which kernel paths add the unlock flag on their own.',
    form: 'list',
    values: [
      { name: 'none', doc: 'no path adds it: only callers that write it get it', kernel: '"No existing allocator path sets __GFP_PRIVATE" (RFC v4 cover letter)' },
      { name: 'fault', doc: 'anonymous and private-COW faults under a policy with MPOL_F_PRIVATE (not page cache, which uses the task policy)', kernel: 'vma_alloc_folio_noprof() in mm/mempolicy.c (RFC v4)' },
      { name: 'mbind_move', doc: 'the migration targets of mbind(MPOL_MF_MOVE) under such a policy', kernel: 'alloc_migration_target_by_mpol() in mm/mempolicy.c (RFC v4)' },
      { name: 'zswap', doc: 'zswap stores: a page being swapped out is first copied as-is into a page of the first special node', kernel: 'zswap_store() in mm/zswap.c (RFC v2 SPM "zswap hack")' },
      { name: 'hotplug', doc: 'the metadata allocations of memory hotplug (vmemmap, usemap, slab node structures) aimed at the node', kernel: '[inferred] what "hotplug metadata may land on the device" would need (no posted series does it)' },
    ],
  },
  {
    key: 'unlock_by',
    optional: 'any',
    doc: 'In which contexts the unlock flag counts. Elsewhere the allocator clears it before the zone walk (as current_gfp_context() clears bits a context may not use): the gate then refuses the special node, no private zonelist is selected, and a page that still lands there is a leak.',
    form: 'list',
    values: [
      { name: 'any', doc: 'every context: any caller that writes the flag, and every path that injects it, gets the special node', kernel: 'RFC v4: __GFP_PRIVATE is a GFP bit like any other, honoured wherever it is passed (hence "P_B is reachable by anyone passing __GFP_PRIVATE and its nid", Singh, Jun 2026)' },
      { name: 'owner', doc: 'the driver that owns the node, for its own node: a driver block whose device owns the request\'s preferred node', kernel: '[inferred] the per-device isolation Singh asked for (Jun 2026, mail) as an owner check at the allocation entry; no posted series checks it for the GFP flag' },
      { name: 'driver', doc: 'any driver\'s own code (a `driver` block), whichever node it names', kernel: '[inferred] "only the driver managing the node allocates from it" (RFC v4 cover letter), read as a rule on the caller' },
      { name: 'kernel', doc: 'generic kernel code outside a driver and outside interrupts (a `kernel` block: a kernel thread, or the kernel\'s own metadata paths)', kernel: '[inferred] the kernel callers the v4 thread audited (for_each_node loops, hotplug metadata, memtrace: Hildenbrand, Apr 2026)' },
      { name: 'task', doc: 'allocations made in a task\'s context: its faults and syscalls, where `injects fault` and `mbind_move` add the flag', kernel: 'vma_alloc_folio_noprof() and alloc_migration_target_by_mpol() under MPOL_F_PRIVATE (RFC v4)' },
      { name: 'interrupt', doc: 'interrupt context (`interrupt { }`): an allocation there runs with the flags of whatever it interrupted', kernel: '[inferred] the interrupt objection to placement-changing scopes (Babka and Hildenbrand, Jun 2026, mail)' },
      { name: 'none', doc: 'no context: the flag is never honoured (the checker reports it)', kernel: 'mmlab: the degenerate choice' },
    ],
  },
  {
    key: 'leak',
    doc: 'What mmlab counts as a leak: a page on a special node the allocation had no right to.',
    form: 'one',
    values: [
      { name: 'never', doc: 'nothing is ever a leak (the question is only where pages land)', kernel: 'mmlab\'s judgement' },
      { name: 'without_unlock', doc: 'a page that lands on a special node from an allocation without the unlock flag (and without a service\'s right)', kernel: 'mmlab\'s judgement; "undesired behavior that\'s not technically a bug" (Price to Singh, Jun 3 2026)' },
    ],
  },
  {
    key: 'oom_nodes',
    doc: 'Which nodes an OOM kill considers when it picks a victim.',
    form: 'one',
    values: [
      { name: 'all', doc: 'the stock rules: tasks sharing any allowed node are candidates', kernel: 'oom_cpuset_eligible() / constrained_alloc() (upstream)' },
      { name: 'ops_eligible', doc: 'a special node counts only with NP_OPS_RECLAIM | NP_OPS_DEMOTION; a walk through a non-eligible one is CONSTRAINT_CPUSET', kernel: 'node_oom_eligible() and oom_mems_intersect() in mm/oom_kill.c (RFC v4)' },
      { name: 'sysram', doc: 'out_of_memory() turns a NULL nodemask into the sysram nodes, leaving special nodes out', kernel: 'out_of_memory() with mt_sysram_nodemask() (RFC v2 SPM)' },
    ],
  },
  {
    key: 'migrate_targets',
    doc: 'Whether move_pages / migrate_pages may name a special node as the target.',
    form: 'one',
    values: [
      { name: 'open', doc: 'any memory node is a target', kernel: 'do_pages_move() (upstream)' },
      { name: 'driver', doc: 'allowed through the driver\'s migrate_to callback only; ENODEV without one', kernel: 'node_private_migrate_to() (RFC v4)' },
      { name: 'refused', doc: 'EACCES: the node is not in the task\'s sysram nodes', kernel: 'do_pages_move() with sysram_nodes (RFC v2 SPM)' },
      { name: 'none', doc: 'not a memory node: ENODEV (device memory moves only by device migration)', kernel: 'migrate_device.c is the only way in (upstream)' },
    ],
  },
  // ---- the post-v4 variants' mechanisms (optional: a declaration that omits them keeps the v4-era behaviour)
  {
    key: 'admits',
    optional: 'gate',
    doc: 'What else, besides `gate`, lets an allocation use a private zone: the allocation\'s kind, its memalloc scope, the zonelist it selected, the allocator it used (post-v4 variants). Anything but `gate` replaces the GFP gate.',
    form: 'one',
    values: [
      { name: 'gate', doc: 'the `gate` flags decide (the v4-era designs)', kernel: 'numa_zone_alloc_allowed() (RFC v4) or no filter' },
      { name: 'lists', doc: 'nothing is filtered: only the lists keep private nodes out; a private node reached is a leak unless the caller meant it', kernel: 'NOFALLBACK-only test set: "no filtering in page_alloc.c at all" (Price, Jun 10 2026, mail)' },
      { name: 'folio_thisnode', doc: 'a folio allocation (or one inside memalloc_folio / PF_MEMALLOC_FOLIO) that sets __GFP_THISNODE', kernel: 'Hildenbrand, Jun 10 2026, and his PF_MEMALLOC_FOLIO sketch around folio_alloc_noprof() (mail, self-described as incomplete)' },
      { name: 'scope', doc: 'inside memalloc_private_save()..restore(), except non-folio allocations inside memalloc_folio; a fault under a policy naming an opted node', kernel: 'Price, Jun 10-15 2026: memalloc_private + memalloc_folio, anondax wrapping do_anonymous_page_node() (mail; no code published)' },
      { name: 'private_zonelist', doc: 'only a walk of ZONELIST_PRIVATE (a private policy, __folio_alloc_zonelist, migration and demotion targets)', kernel: '__alloc_frozen_pages_zonelist() / __folio_alloc_zonelist(), alloc_zonelist_for_node() (post-v4 repository, RFC v5 Jul 2026)' },
      { name: 'node_private', doc: 'only folio_alloc_node_private(gfp | __GFP_THISNODE, order, nid), on the node\'s own one-node list; NULL on failure, no OOM kill', kernel: 'folio_alloc_node_private() in the post-v5 repository snapshot (numa_private_nodes.rst, drivers/dax/anondax.c)' },
    ],
  },
  {
    key: 'slab',
    optional: 'fallback_list',
    doc: 'Where slab puts kmalloc_node(size, gfp, nid) when nid has no partial slab.',
    form: 'one',
    values: [
      { name: 'fallback_list', doc: 'new_slab() on nid\'s FALLBACK list (the model the v4-era leak matrix was written with)', kernel: 'allocate_slab() (upstream, as the v4 thread reads it; kernel-rules §10)' },
      { name: 'thisnode_try', doc: 'first GFP_NOWAIT | __GFP_NOWARN | __GFP_THISNODE on nid alone, then the caller\'s gfp on the FALLBACK list: how slab leaked in the NOFALLBACK-only test', kernel: '___slab_alloc() "try_thisnode" (upstream, recalled; Price traced the leak to mm/slub.c, Jun 10 2026)' },
    ],
  },
  {
    key: 'hugetlb',
    optional: 'lists',
    doc: 'Whether HugeTLB pool growth (folio + __GFP_THISNODE per node) may place pages on a private node.',
    form: 'one',
    values: [
      { name: 'lists', doc: 'as the lists and the filter decide (the pool grows over N_MEMORY; a node\'s own sysfs file names it)', kernel: 'alloc_pool_huge_folio() (upstream)' },
      { name: 'user_numa', doc: 'only a private node with USER_NUMA, through ZONELIST_PRIVATE (and then also the global pool)', kernel: 'N_MEMORY_USER_NUMA admits HugeTLB pool placement (post-v5 snapshot, private_node_hugetlb.sh)' },
    ],
  },
  {
    key: 'longterm_pin',
    optional: 'migrate',
    doc: 'What a FOLL_LONGTERM pin does with a folio on a private node that may not be pinned in place (no NP_OPS_LONGTERM_PIN / LTPIN).',
    form: 'one',
    values: [
      { name: 'migrate', doc: 'migrate it away first (alloc_migration_target, through the node\'s fallback list), then pin; without migration the pin fails', kernel: 'folio_is_longterm_pinnable() and check_and_migrate_movable_folios() in mm/gup.c (RFC v4 patch 20)' },
      { name: 'fail', doc: 'the pin fails outright (-ENOMEM) whatever the zone, and the folio stays where it is: no migrate-then-pin', kernel: 'LTPIN absent in the zonelist-selector node_private.h (June 2026) and its RFC v5 successor' },
    ],
  },
  {
    key: 'cpuset',
    optional: 'grants',
    doc: 'What a cpuset does with private nodes: whether listing one in cpuset.mems grants its use, and whether a private-only cpuset.mems is accepted.',
    form: 'one',
    values: [
      { name: 'grants', doc: 'private nodes are cpuset members like any node: listed, they may be used (and user masks naming one outside cpuset.mems are refused); a private-only cpuset.mems gives the tasks the ancestor\'s N_MEMORY nodes plus its private nodes (guarantee_online_mems)', kernel: 'guarantee_online_mems() and cpuset_current_node_allowed() in kernel/cgroup/cpuset.c (RFC v4); R2\'s cgroup v2 rule is the same effective set ("the parent\'s common nodes are added")' },
      { name: 'ignores', doc: 'cpusets do not partition private nodes: a private node never becomes effective in cpuset.mems, and mbind / move_pages / faults onto it work from a cpuset that excludes it', kernel: 'v5-era numa_private_nodes.rst and selftest private_node_cpuset_default_open.sh' },
      { name: 'governs', doc: 'as `grants`, but a non-empty cpuset.mems of private nodes only is refused with EINVAL (the kernel would spin on refaults of hardwall allocations)', kernel: 'post-v5 snapshot R1 numa_private_nodes.rst and selftest private_node_cpuset_fallback.sh' },
    ],
  },
  {
    key: 'boot_param',
    optional: 'none',
    doc: 'Whether the kernel command line can make a node private from boot (`boot_private` on a node: `private_node=ID[,features]`).',
    form: 'one',
    values: [
      { name: 'none', doc: 'no such parameter: the kernel ignores it as unknown and the node is ordinary N_MEMORY (a driver makes a node private)', kernel: 'upstream and the v4/v5 series (no private_node= parameter); R2\'s doc: development needs "no special boot-time node classification"' },
      { name: 'private_node', doc: '`private_node=ID[,features]` makes the node private from boot with those features (its `caps`), refused for a node that owns CPUs or the kernel image', kernel: 'post-v5 snapshot R1 numa_private_nodes.rst' },
    ],
  },
  {
    key: 'collapse',
    optional: 'services',
    doc: 'Whether THP collapse (khugepaged, MADV_COLLAPSE) may act on a private node\'s folios.',
    form: 'one',
    values: [
      { name: 'services', doc: 'as `services` says: gated designs skip private folios (SCAN_PAGE_NULL: no collapse, MADV_COLLAPSE -EINVAL), open ones collapse', kernel: 'hpage_collapse_scan_pmd() skipping private-managed folios (RFC v4); the post-v5 snapshots exclude THP collapse always (N_MEMORY_COLLAPSE never set / FEAT list)' },
      { name: 'user_numa', doc: 'khugepaged never collapses private folios; MADV_COLLAPSE does, on a node with USER_NUMA', kernel: 'v5-era numa_private_nodes.rst: "khugepaged never runs on private folios; MADV_COLLAPSE falls under USER_NUMA"' },
    ],
  },
];

/** choice key in the language -> field of the IR's DesignChoices */
export const CHOICE_FIELD = {
  node_state: 'nodeState',
  unlock: 'unlock',
  gate: 'gate',
  normal_lists: 'normalLists',
  own_fallback: 'ownFallback',
  own_nofallback: 'ownNofallback',
  private_zonelist: 'privateZonelist',
  services: 'services',
  user_masks: 'userNodemasks',
  rebind: 'rebind',
  injects: 'injects',
  leak: 'leak',
  oom_nodes: 'oomNodes',
  migrate_targets: 'migrateTargets',
  admits: 'admits',
  slab: 'slab',
  hugetlb: 'hugetlb',
  longterm_pin: 'longtermPin',
  collapse: 'collapse',
  unlock_by: 'unlockBy',
  cpuset: 'cpuset',
  boot_param: 'bootParam',
} as const;

/** field of DesignChoices -> the choice key written in the language */
export const CHOICE_KEY: Record<string, string> = Object.fromEntries(Object.entries(CHOICE_FIELD).map(([k, f]) => [f, k]));

export const CHOICE_BY_KEY: ReadonlyMap<string, ChoiceSpec> = new Map(DESIGN_CHOICES.map((c) => [c.key, c]));

/** the GFP flags a `flags` choice may name */
export const CHOICE_GFP_FLAGS = ['__GFP_PRIVATE', '__GFP_SPM_NODE', '__GFP_THISNODE'] as const;
