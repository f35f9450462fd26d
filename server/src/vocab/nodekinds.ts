import { CallbackName } from './npops';
import { Provenance } from './entry';

/** The node kinds of language.md §4 (model/ir.ts re-exports the type). */
export type NodeKind = 'dram' | 'hbm' | 'cxl' | 'cram' | 'accel' | 'nic';

/** Node kinds, node attributes, node_private_ops callbacks and node states (language.md, the machine). */

export interface NodeKindEntry {
  name: NodeKind;
  /** memory tier when `tier` is not written (lower is faster) */
  defaultTier: number;
  doc: string;
}

export const NODE_KINDS: readonly NodeKindEntry[] = [
  { name: 'dram', defaultTier: 1, doc: 'Ordinary DRAM, usually with CPUs: an N_MEMORY node in every fallback list.' },
  { name: 'hbm', defaultTier: 0, doc: 'High-bandwidth memory (tier 0, the fastest).' },
  { name: 'cxl', defaultTier: 2, doc: 'A CXL type-3 memory expander: CPU-less memory, slower than DRAM (tier 2). With `private` it is the v4 cxl_mempolicy sample\'s kind of node.' },
  { name: 'cram', defaultTier: 3, doc: 'CXL compressed memory (v4 mm/cram.c + cxl_compression): SIZE is the logical capacity the OS sees, `media` the physical capacity. Private under every design but stock; without `ops` it gets what CRAM registers.' },
  { name: 'accel', defaultTier: 2, doc: 'Device memory such as a GPU\'s, onlined as a (usually private) NUMA node.' },
  { name: 'nic', defaultTier: 2, doc: 'A device\'s dedicated buffer memory (e.g. a NIC\'s), onlined as a private node.' },
];
export const NODE_KIND_TABLE: ReadonlyMap<string, NodeKindEntry> = new Map(NODE_KINDS.map((k) => [k.name, k]));

export interface NodeAttrEntry {
  name: string;
  /** what follows the attribute name */
  syntax: string;
  doc: string;
  /** only meaningful on cram nodes */
  cramOnly?: boolean;
}

export const NODE_ATTRS: readonly NodeAttrEntry[] = [
  { name: 'private', syntax: 'private', doc: 'An N_MEMORY_PRIVATE node (an SPM node under spm_v2): in no normal node\'s fallback list; mm services reach it only through its NP_OPS flags.' },
  { name: 'cpus', syntax: 'cpus LIST', doc: 'The CPUs local to the node (`cpus 0-7`). A node without cpus is memory-only.' },
  { name: 'ops', syntax: 'ops FLAGS', doc: 'NP_OPS flags the driver registers (node_private_set_ops): MIGRATION, MEMPOLICY, DEMOTION, PROTECT_WRITE, RECLAIM, OOM_ELIGIBLE, NUMA_BALANCING, COMPACTION, LONGTERM_PIN.' },
  { name: 'callbacks', syntax: 'callbacks NAME[, NAME...]', doc: 'The node_private_ops callbacks the driver provides. Without it, exactly those the flags require.' },
  { name: 'media', syntax: 'media SIZE', doc: 'The CRAM device\'s physical (compressed) capacity.', cramOnly: true },
  { name: 'ratio', syntax: 'ratio R', doc: 'Default compression ratio of data stored on the CRAM device (2.0 if not given).', cramOnly: true },
  { name: 'watermarks', syntax: 'watermarks low=P high=P', doc: 'The device thresholds as shares of free media: below low it raises its low interrupt (CRAM closes to demotion); above high, its high interrupt (open again).', cramOnly: true },
  { name: 'zone', syntax: 'zone normal|movable', doc: 'The zone the memory is onlined into (normal by default; both v4 CXL sample drivers use MMOP_ONLINE_MOVABLE). Only __GFP_MOVABLE|__GFP_HIGHMEM allocations can use ZONE_MOVABLE.' },
  { name: 'tier', syntax: 'tier N', doc: 'Memory tier (lower is faster); defaults hbm 0, dram 1, cxl 2, cram 3. Demotion goes to the next lower tier.' },
  { name: 'caps', syntax: 'caps CAP | CAP ...', doc: 'Post-v4 capabilities of a private node (RECLAIM, USER_NUMA, DEMOTION, NUMA_BALANCING, HOTUNPLUG, LTPIN, POLICY_WRITE_FENCE; June 2026: MEMPOLICY, TIERING, USER_MIGRATE; post-v5: COMPACTION, USER_WRITE). DEMOTION and TIERING need RECLAIM. They open the paths of the matching NP_OPS flags.' },
  { name: 'device', syntax: 'device NAME', doc: 'The device whose driver owns this private node. A `driver NAME { }` block is that driver; another device\'s allocation landing here is a leak that `expect no leak` counts.' },
  { name: 'boot_private', syntax: 'boot_private', doc: 'The kernel command line says `private_node=ID[,features]` (features: the node\'s `caps`). Only a design with that boot parameter (R1, `boot_param private_node`) makes the node private from boot, without a driver; it refuses a node that owns CPUs. Elsewhere the parameter is unknown and the node is ordinary N_MEMORY.' },
  { name: 'offline', syntax: 'offline', doc: 'Declared (possible) but not online; a kernel block brings it up with add_private_memory_driver_managed or online_node.' },
];
export const NODE_ATTR_TABLE: ReadonlyMap<string, NodeAttrEntry> = new Map(NODE_ATTRS.map((a) => [a.name, a]));

export interface CallbackEntry {
  name: CallbackName;
  signature: string;
  doc: string;
  source: Provenance;
}

export const CALLBACK_DOCS: readonly CallbackEntry[] = [
  { name: 'free_folio', signature: 'bool free_folio(struct folio *folio)', source: 'v4', doc: 'Called when a folio\'s refcount hits 0; true = the service keeps it (not returned to buddy). CRAM zeroes the page so the device frees its media.' },
  { name: 'folio_split', signature: 'void folio_split(struct folio *folio, struct folio *new)', source: 'v4', doc: 'Notification during a THP split, once per new folio (last call with new=NULL).' },
  { name: 'migrate_to', signature: 'int migrate_to(struct list_head *folios, int nid, enum migrate_mode mode, int reason, unsigned int *nr_succeeded)', source: 'v4', doc: 'Migrate folios onto the private node (move_pages, migrate_pages, demotion). Absent: node_private_migrate_to returns -ENODEV. Required by NP_OPS_MIGRATION.' },
  { name: 'folio_migrate', signature: 'void folio_migrate(struct folio *src, struct folio *dst)', source: 'v4', doc: 'Notification after a folio on the node was copied away, before the migration PTEs are replaced (update PFN-keyed metadata). Required by NP_OPS_MIGRATION.' },
  { name: 'handle_fault', signature: 'vm_fault_t handle_fault(struct folio *folio, struct vm_fault *vmf, enum pgtable_level level)', source: 'v4', doc: 'Write (and unshare) faults on a present PTE/PMD of a node folio go here instead of do_wp_page; CRAM promotes the page to DRAM.' },
  { name: 'reclaim_policy', signature: 'void reclaim_policy(int nid, struct node_reclaim_policy *policy)', source: 'v4', doc: 'Once per kswapd run: may enable may_swap/may_writepage and take over watermark_boost (managed_watermarks).' },
  { name: 'memory_failure', signature: 'void memory_failure(struct folio *folio, unsigned long pfn, int mf_flags)', source: 'v4', doc: 'Notification after HWPoison is set on a node page; the kernel still does normal hwpoison handling.' },
];
export const CALLBACK_TABLE: ReadonlyMap<string, CallbackEntry> = new Map(CALLBACK_DOCS.map((c) => [c.name, c]));

export interface NodeStateEntry {
  name: 'N_POSSIBLE' | 'N_ONLINE' | 'N_MEMORY' | 'N_MEMORY_PRIVATE' | 'N_CPU';
  doc: string;
  source: Provenance;
}

export const NODE_STATES: readonly NodeStateEntry[] = [
  { name: 'N_POSSIBLE', source: 'upstream', doc: 'Every node that could ever come online (every declared node; what for_each_node walks).' },
  { name: 'N_ONLINE', source: 'upstream', doc: 'Online nodes (for_each_online_node), with or without memory.' },
  { name: 'N_MEMORY', source: 'upstream', doc: 'Nodes with normal memory. v4: a private node is NOT in N_MEMORY, so for_each_node_state(N_MEMORY) users skip it.' },
  { name: 'N_MEMORY_PRIVATE', source: 'v4', doc: 'v4: nodes onlined as private memory (mutually exclusive with N_MEMORY).' },
  { name: 'N_CPU', source: 'upstream', doc: 'Nodes with CPUs.' },
];
export const NODE_STATE_TABLE: ReadonlyMap<string, NodeStateEntry> = new Map(NODE_STATES.map((s) => [s.name, s]));
