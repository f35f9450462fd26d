import { Provenance } from './entry';

/**
 * The call signature table (language.md, statements): every call a scenario can make,
 * where it is allowed, its parameters and a short kernel-accurate doc. The
 * parser/lowering match arguments against it (arity, kinds, named args); the
 * language server uses it for signature help, completion and hover.
 */

/** 'driver': only in `driver NAME { }` blocks (a kernel block run by a device's driver) */
export type BlockKind = 'task' | 'kernel' | 'device' | 'driver';

/** What kind of value a parameter takes (decides matching, conversion and completion). */
export type ArgKind =
  | 'size' // bytes: `4K`, `1G`, a bare integer = bytes
  | 'count' // a non-negative integer
  | 'order' // allocation order 0..10
  | 'node' // a node id 0..1023 or a for_each loop variable
  | 'nodeset' // `2`, `0-3`, `{0, 2-3}`
  | 'range' // a mapping or part of it: `buf`, `buf[4K]`, `buf[0:64M]`, `buf[10%:50%]`
  | 'handle' // an allocation handle variable (alloc_pages*, kmalloc_node, kvzalloc_node)
  | 'target' // a mapping range or an allocation handle (pages())
  | 'gfp' // GFP flags: `GFP_KERNEL | __GFP_PRIVATE`
  | 'mpol_mode' // an MPOL mode, optionally | MPOL_F_STATIC_NODES / MPOL_F_RELATIVE_NODES / MPOL_F_NUMA_BALANCING
  | 'mpol_mf' // mbind/move_pages flags: MPOL_MF_STRICT | MPOL_MF_MOVE | MPOL_MF_MOVE_ALL
  | 'madv' // one MADV_* advice
  | 'np_ops' // NP_OPS flags (prefix optional)
  | 'callbacks' // node_private_ops callback names: `a`, `a | b` or `{a, b}`
  | 'ratio' // a compression ratio > 0 (`2.5`)
  | 'percent' // `95%`
  | 'data' // zero | text | random | ratio(R)
  | 'cgroup' // a declared cgroup name
  | 'stat' // a vmstat counter name
  | 'keyword'; // one of `values`

export interface ParamSpec {
  name: string;
  kind: ArgKind;
  optional?: boolean;
  /** written as `name=value` (language.md: nodemask=, count=, ops=, zone=, callbacks=, data=) */
  named?: boolean;
  /** keyword params: the accepted words */
  values?: readonly string[];
  /** the value used when omitted, as text for docs */
  default?: string;
  doc: string;
}

export interface CallSpec {
  name: string;
  /** blocks it may appear in; 'expect' = a metric of `expect METRIC OP VALUE`; 'value' = a helper inside an argument */
  blocks: readonly (BlockKind | 'expect' | 'value')[];
  params: readonly ParamSpec[];
  /** what an assignment `V = call(...)` binds */
  returns?: 'mapping' | 'handle';
  doc: string;
  source: Provenance;
}

const range: ParamSpec = { name: 'range', kind: 'range', doc: 'a mapping or part of it: `buf`, `buf[4K]`, `buf[0:64M]`, `buf[10%:50%]`' };
const nid: ParamSpec = { name: 'nid', kind: 'node', doc: 'node id (0..1023) or a for_each loop variable' };
const gfp: ParamSpec = { name: 'gfp', kind: 'gfp', doc: 'GFP flags, e.g. `GFP_KERNEL | __GFP_PRIVATE`' };
const order: ParamSpec = { name: 'order', kind: 'order', doc: 'allocation order: 2^order pages (0..10)' };
const nodemask: ParamSpec = { name: 'nodemask', kind: 'nodeset', optional: true, named: true, doc: 'filters the preferred node\'s fallback list (never extends it), as __alloc_pages(gfp, order, nid, nodemask)' };
const count: ParamSpec = { name: 'count', kind: 'count', optional: true, named: true, default: '1', doc: 'how many such allocations to make (one handle for all)' };
const data: ParamSpec = { name: 'data', kind: 'data', optional: true, named: true, doc: 'how the contents compress on CRAM: zero (64:1), text (3:1), random (1:1), ratio(R); default: the node\'s ratio' };

export const CALLS: readonly CallSpec[] = [
  // ---------------------------------------------------------------- task (user space)
  {
    name: 'mmap', blocks: ['task'], returns: 'mapping', source: 'upstream',
    doc: 'mmap(2): reserve a mapping; no pages until touched. Anonymous and private by default; `file` mappings follow page-cache rules (VMA policy ignored), `shmem` uses shared policy.',
    params: [
      { name: 'size', kind: 'size', doc: 'length in bytes (`1G`)' },
      { name: 'backing', kind: 'keyword', values: ['anon', 'file', 'shmem'], optional: true, default: 'anon', doc: 'what backs the mapping' },
      { name: 'shared', kind: 'keyword', values: ['shared', 'private'], optional: true, default: 'private', doc: 'MAP_SHARED instead of MAP_PRIVATE' },
    ],
  },
  {
    name: 'malloc', blocks: ['task'], returns: 'mapping', source: 'mmlab',
    doc: 'An anonymous private mapping placed under the task policy (a large malloc is an mmap).',
    params: [{ name: 'size', kind: 'size', doc: 'length in bytes' }],
  },
  {
    name: 'munmap', blocks: ['task'], source: 'upstream',
    doc: 'munmap(2): free the mapping\'s pages (the free path; free_folio callbacks on private nodes).',
    params: [{ ...range, doc: 'the mapping (or part of it) to unmap' }],
  },
  {
    name: 'mbind', blocks: ['task'], source: 'upstream',
    doc: 'mbind(2): set the VMA policy of a range. v4: a mask naming a private node needs NP_OPS_MEMPOLICY (else EINVAL); faults under it add __GFP_PRIVATE.',
    params: [
      range,
      { name: 'mode', kind: 'mpol_mode', doc: 'MPOL_BIND, MPOL_PREFERRED, MPOL_INTERLEAVE, ... optionally | MPOL_F_STATIC_NODES or MPOL_F_RELATIVE_NODES' },
      { name: 'nodes', kind: 'nodeset', optional: true, doc: 'the nodemask' },
      { name: 'flags', kind: 'mpol_mf', optional: true, default: '0', doc: 'MPOL_MF_STRICT, MPOL_MF_MOVE, MPOL_MF_MOVE_ALL' },
    ],
  },
  {
    name: 'set_mempolicy', blocks: ['task'], source: 'upstream',
    doc: 'set_mempolicy(2): the task policy, used for faults in VMAs without their own policy.',
    params: [
      { name: 'mode', kind: 'mpol_mode', doc: 'MPOL_* mode, optionally with mode flags' },
      { name: 'nodes', kind: 'nodeset', optional: true, doc: 'the nodemask' },
    ],
  },
  {
    name: 'set_mempolicy_home_node', blocks: ['task'], source: 'upstream',
    doc: 'set_mempolicy_home_node(2): the node a BIND/PREFERRED_MANY VMA policy allocates from first. EOPNOTSUPP for other modes, ENOENT without a VMA policy.',
    params: [range, { ...nid, name: 'home_node', doc: 'the home node' }],
  },
  {
    name: 'touch', blocks: ['task'], source: 'mmlab',
    doc: 'Fault in every page of the range (write by default), as the task\'s accesses would.',
    params: [range, { name: 'access', kind: 'keyword', values: ['read', 'write'], optional: true, default: 'write', doc: 'read or write faults' }, data],
  },
  {
    name: 'read', blocks: ['task'], source: 'mmlab',
    doc: 'touch(RANGE, read): read faults (map the zero page or existing pages; no CRAM promotion).',
    params: [range],
  },
  {
    name: 'write', blocks: ['task'], source: 'mmlab',
    doc: 'touch(RANGE, write): write faults (a write to a write-protected CRAM page promotes it).',
    params: [range, data],
  },
  {
    name: 'move_pages', blocks: ['task'], source: 'upstream',
    doc: 'move_pages(2): move each page of the range to NODE; per-page status as move_pages returns it (ENODEV: node not online with memory; v4: ENOENT for source folios on a private node without NP_OPS_MIGRATION). Without NODE, the query form (nodes = NULL): each page\'s status is its node, or ENOENT (not present, or on a private node that hides it); `expect status(RANGE, NODE or ERRNO)` reads it.',
    params: [range, { ...nid, name: 'node', optional: true, doc: 'the target node; omitted: query where each page is (nodes = NULL)' }, { name: 'flags', kind: 'mpol_mf', optional: true, default: '0', doc: 'MPOL_MF_MOVE (own pages) or MPOL_MF_MOVE_ALL' }],
  },
  {
    name: 'migrate_pages', blocks: ['task'], source: 'upstream',
    doc: 'migrate_pages(2): move the task\'s pages on FROM nodes to TO nodes (v4: into a private node only through its migrate_to).',
    params: [
      { name: 'from', kind: 'nodeset', doc: 'old nodes' },
      { name: 'to', kind: 'nodeset', doc: 'new nodes' },
    ],
  },
  {
    name: 'madvise', blocks: ['task'], source: 'upstream',
    doc: 'madvise(2). v4: PAGEOUT/COLD/HUGEPAGE/MERGEABLE and khugepaged/KSM skip private folios (no opt-in flag).',
    params: [range, { name: 'advice', kind: 'madv', doc: 'MADV_PAGEOUT, MADV_COLD, MADV_DONTNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_MERGEABLE, ...' }],
  },
  { name: 'mlock', blocks: ['task'], source: 'upstream', doc: 'mlock(2): fault in and lock the range (unevictable). v4: mlock skips private folios.', params: [range] },
  { name: 'munlock', blocks: ['task'], source: 'upstream', doc: 'munlock(2).', params: [range] },
  {
    name: 'mprotect', blocks: ['task'], source: 'upstream',
    doc: 'mprotect(2). v4: with NP_OPS_PROTECT_WRITE the node\'s folios stay read-only (write upgrade suppressed).',
    params: [range, { name: 'prot', kind: 'keyword', values: ['read', 'write', 'none'], doc: 'read (PROT_READ), write (PROT_READ|PROT_WRITE) or none' }],
  },
  {
    name: 'pin', blocks: ['task'], source: 'upstream',
    doc: 'GUP pin (pin_user_pages). With `longterm` (FOLL_LONGTERM) a page on a private node without NP_OPS_LONGTERM_PIN is migrated away first (needs MIGRATION, else the pin fails).',
    params: [range, { name: 'longterm', kind: 'keyword', values: ['longterm'], optional: true, doc: 'FOLL_LONGTERM' }],
  },
  { name: 'unpin', blocks: ['task'], source: 'upstream', doc: 'unpin_user_pages.', params: [range] },
  { name: 'exit', blocks: ['task'], source: 'upstream', doc: 'The task exits; all its pages are freed and it runs no more statements.', params: [] },

  // ---------------------------------------------------------------- kernel
  {
    name: 'alloc_pages_node', blocks: ['kernel'], returns: 'handle', source: 'upstream',
    doc: 'Buddy allocation preferring NID: walks NID\'s zonelist (NOFALLBACK with __GFP_THISNODE). NULL counts as `error ENOMEM`.',
    params: [nid, gfp, order, nodemask, count],
  },
  {
    name: 'alloc_pages', blocks: ['kernel'], returns: 'handle', source: 'upstream',
    doc: 'Buddy allocation preferring the local node of CPU 0 (the task policy does not apply in kernel blocks).',
    params: [gfp, order, nodemask, count],
  },
  {
    name: 'kmalloc_node', blocks: ['kernel'], returns: 'handle', source: 'upstream',
    doc: 'Slab allocation on NID (falls back along NID\'s zonelist unless __GFP_THISNODE).',
    params: [{ name: 'size', kind: 'size', doc: 'bytes' }, gfp, nid],
  },
  {
    name: 'kvzalloc_node', blocks: ['kernel'], returns: 'handle', source: 'upstream',
    doc: 'kmalloc_node, or vmalloc for large sizes, zeroed. alloc_shrinker_info does this for_each_node with GFP_KERNEL.',
    params: [{ name: 'size', kind: 'size', doc: 'bytes' }, gfp, nid],
  },
  {
    name: 'kzalloc_node', blocks: ['kernel'], returns: 'handle', source: 'upstream',
    doc: 'kmalloc_node, zeroed (workqueue and sparse per-node structures). Non-folio: goes through slab like kmalloc_node.',
    params: [{ name: 'size', kind: 'size', doc: 'bytes' }, gfp, nid],
  },
  {
    name: 'vmalloc_node', blocks: ['kernel'], returns: 'handle', source: 'upstream',
    doc: 'vmalloc with its pages preferring NID: one order-0 alloc_pages_node(NID, GFP_KERNEL) per page, never __GFP_THISNODE (non-folio; no slab step).',
    params: [{ name: 'size', kind: 'size', doc: 'bytes' }, nid],
  },
  {
    name: 'folio_alloc', blocks: ['kernel'], returns: 'handle', source: 'upstream',
    doc: 'A folio allocation (folio_alloc / __folio_alloc_node): what the post-v4 variants tell apart from page, slab, page-table and vmalloc allocations. Prefers `nid=` (default: the node of CPU 0). `zonelist=private` is __folio_alloc_zonelist(..., ALLOC_ZONELIST_PRIVATE) of the zonelist-selector designs; designs without a private zonelist ignore it.',
    params: [
      gfp,
      order,
      { name: 'nid', kind: 'node', optional: true, named: true, doc: 'the preferred node (__folio_alloc_node); default: the node of CPU 0' },
      nodemask,
      { name: 'zonelist', kind: 'keyword', values: ['default', 'private'], optional: true, named: true, default: 'default', doc: 'ALLOC_ZONELIST_DEFAULT or ALLOC_ZONELIST_PRIVATE (zonelist-selector designs)' },
      count,
    ],
  },
  {
    name: 'folio_alloc_node_private', blocks: ['driver'], returns: 'handle', source: 'v5',
    doc: 'The driver-only allocator of the newest post-v5 snapshot: a folio on the private node NID, which must come with __GFP_THISNODE; on failure NULL, no fallback and no OOM kill. Designs without it run it as __folio_alloc_node(GFP, ORDER, NID).',
    params: [gfp, order, nid, count],
  },
  {
    name: 'pagetable_alloc', blocks: ['task', 'kernel'], returns: 'handle', source: 'upstream',
    doc: 'Page-table pages (pagetable_alloc: GFP_PGTABLE_USER, non-folio). In a task block they follow the task\'s policy as alloc_pages() does (a BIND mask is the nodemask); in a kernel block they prefer the node of CPU 0.',
    params: [{ ...count, doc: 'how many page-table pages' }],
  },
  {
    name: 'set_nr_hugepages', blocks: ['kernel'], returns: 'handle', source: 'upstream',
    doc: 'Grow the 2 MiB HugeTLB pool to COUNT pages (write nr_hugepages): alloc_pool_huge_folio round-robins over the allowed nodes (N_MEMORY), each a folio with __GFP_THISNODE | __GFP_RETRY_MAYFAIL; with `node=` it is that node\'s sysfs nr_hugepages (nodes_allowed = {node}). A node that fails is skipped; the pool may end smaller.',
    params: [
      { name: 'count', kind: 'count', doc: 'huge pages wanted in the pool' },
      { name: 'node', kind: 'node', optional: true, named: true, doc: 'the node of /sys/devices/system/node/nodeN/hugepages/.../nr_hugepages' },
    ],
  },
  { name: 'free_pages', blocks: ['kernel'], source: 'upstream', doc: 'Free an allocation handle (free path; free_folio callbacks on private nodes).', params: [{ name: 'handle', kind: 'handle', doc: 'the variable an allocation was assigned to' }] },
  { name: 'kswapd', blocks: ['kernel'], source: 'upstream', doc: 'Run kswapd on NID (balance_pgdat): background reclaim, demoting where a demotion target allows. v4: a private node needs NP_OPS_RECLAIM.', params: [nid] },
  { name: 'reclaim', blocks: ['kernel'], source: 'upstream', doc: 'Direct reclaim of SIZE bytes on NID (try_to_free_pages): demotes or swaps.', params: [nid, { name: 'size', kind: 'size', doc: 'bytes to reclaim' }] },
  { name: 'compact', blocks: ['kernel'], source: 'upstream', doc: 'compact_node(NID). v4: private nodes only with NP_OPS_COMPACTION.', params: [nid] },
  { name: 'khugepaged', blocks: ['kernel'], source: 'upstream', doc: 'One khugepaged scan: collapse huge pages. v4: private folios are always skipped.', params: [] },
  { name: 'ksm_scan', blocks: ['kernel'], source: 'upstream', doc: 'One KSM scan of MADV_MERGEABLE ranges. v4: private folios are always skipped.', params: [] },
  { name: 'numa_balancing_scan', blocks: ['kernel'], source: 'upstream', doc: 'One NUMA-balancing scan (task_numa_work + hinting faults). v4: private folios only with NP_OPS_NUMA_BALANCING.', params: [] },
  {
    name: 'add_private_memory_driver_managed', blocks: ['kernel'], source: 'v4',
    doc: 'v4 hotplug entry: node_private_register, then __add_memory_driver_managed (going-online slab and vmemmap allocations). ENOMEM leaves the node offline.',
    params: [
      nid,
      { name: 'size', kind: 'size', doc: 'bytes of memory to add' },
      { name: 'ops', kind: 'np_ops', optional: true, named: true, doc: 'NP_OPS flags the driver registers' },
      { name: 'zone', kind: 'keyword', values: ['normal', 'movable'], optional: true, named: true, default: 'normal', doc: 'MMOP_ONLINE_KERNEL (normal) or MMOP_ONLINE_MOVABLE' },
    ],
  },
  { name: 'online_node', blocks: ['kernel'], source: 'upstream', doc: 'Online an `offline` node\'s memory (online_pages: N_MEMORY, or N_MEMORY_PRIVATE if registered private).', params: [nid] },
  { name: 'offline_node', blocks: ['kernel'], source: 'upstream', doc: 'Try to offline the node\'s memory: pages must migrate away (v4: a private node without NP_OPS_MIGRATION blocks it).', params: [nid] },
  {
    name: 'node_private_set_ops', blocks: ['kernel'], source: 'v4',
    doc: 'v4: install ops. EINVAL if MIGRATION lacks migrate_to/folio_migrate, MEMPOLICY lacks MIGRATION, MEMPOLICY with PROTECT_WRITE, NUMA_BALANCING or COMPACTION without MIGRATION; ENODEV if no driver registered.',
    params: [nid, { name: 'ops', kind: 'np_ops', doc: 'NP_OPS flags' }, { name: 'callbacks', kind: 'callbacks', optional: true, named: true, doc: 'the callbacks provided (default: those the flags require)' }],
  },
  {
    name: 'set_cpuset_mems', blocks: ['kernel'], source: 'upstream',
    doc: 'Write cpuset.mems: rebinds the member tasks\' policies (mpol_rebind_nodemask; MPOL_F_STATIC_NODES intersects instead of remapping).',
    params: [{ name: 'cgroup', kind: 'cgroup', doc: 'a declared cgroup' }, { name: 'mems', kind: 'nodeset', doc: 'the new mems' }],
  },
  {
    name: 'migrate_folios_to_node', blocks: ['kernel'], source: 'v4',
    doc: 'v4 mm/migrate.c: migrate a task\'s pages (the folios a driver isolated) to NID, as the CXL sample drivers and the syscalls do. A private target goes through its driver\'s `migrate_to` (`ENODEV` without one); any other node through stock migrate_pages() with GFP_HIGHUSER_MOVABLE | __GFP_THISNODE. Folios on a private node without NP_OPS_MIGRATION, and pinned ones, stay (counted as not migrated); a target allocation that fails ends the call with `ENOMEM` (what moved before stays moved).',
    params: [
      { ...range, doc: 'the pages: a task\'s mapping named `TASK.VAR`, or part of it (`app.buf[0:64M]`)' },
      { ...nid, doc: 'the target node' },
    ],
  },
  {
    name: 'memory_failure', blocks: ['kernel'], source: 'upstream',
    doc: 'memory_failure(): poison pages on NID (the node\'s memory_failure callback is notified; the owner is killed or the page isolated).',
    params: [nid, { ...count, doc: 'how many pages to poison' }],
  },

  // ---------------------------------------------------------------- device
  {
    name: 'raise', blocks: ['device'], source: 'v4',
    doc: 'The CXL compressed device raises its low (free media short: CRAM sets maximum pressure, closes to demotion) or high (recovered: pressure 0) interrupt.',
    params: [{ name: 'level', kind: 'keyword', values: ['low', 'high'], doc: 'low or high' }],
  },
  { name: 'set_ratio', blocks: ['device'], source: 'mmlab', doc: 'The data\'s compressibility changes: later writes compress at R:1.', params: [{ name: 'ratio', kind: 'ratio', doc: 'compression ratio > 0' }] },
  { name: 'fill', blocks: ['device'], source: 'mmlab', doc: 'Data the host does not own grows until media use is P% of capacity; the host cannot evict it.', params: [{ name: 'percent', kind: 'percent', doc: 'media use in % of capacity' }] },

  // ---------------------------------------------------------------- expect metrics
  {
    name: 'pages', blocks: ['expect'], source: 'mmlab',
    doc: 'Pages of a mapping range or of an allocation handle on NODE: a count, or a share when the value has %. 0 for a failed allocation.',
    params: [{ name: 'target', kind: 'target', doc: 'a mapping range or allocation handle' }, { ...nid, name: 'node', doc: 'the node' }],
  },
  {
    name: 'status', blocks: ['expect'], source: 'mmlab',
    doc: 'Pages of a mapping range whose status in the last `move_pages(RANGE)` query (nodes = NULL) was NODE, or the errno (`ENOENT`: not present, or on a private node that hides where it is; `EFAULT`: the zero page). A count, or a share of the range when the value has %. Pages the query did not cover count as no status.',
    params: [{ ...range, name: 'range' }, { ...nid, name: 'status', doc: 'a node id, or an errno such as ENOENT' }],
  },
  { name: 'used', blocks: ['expect'], source: 'mmlab', doc: 'Pages in use on NODE (or bytes when compared with a size).', params: [{ ...nid, name: 'node' }] },
  { name: 'free', blocks: ['expect'], source: 'mmlab', doc: 'Free pages on NODE (or bytes when compared with a size).', params: [{ ...nid, name: 'node' }] },
  { name: 'media_used', blocks: ['expect'], source: 'mmlab', doc: 'Bytes of CRAM device media in use (only memory allocated during the run).', params: [{ ...nid, name: 'node' }] },
  { name: 'open', blocks: ['expect'], source: 'mmlab', doc: '1 while the CRAM node accepts demotions, 0 once back-pressure closed it.', params: [{ ...nid, name: 'node' }] },
  { name: 'pressure', blocks: ['expect'], source: 'v4', doc: 'CRAM pressure (0..1000) as cram_set_pressure last set it.', params: [{ ...nid, name: 'node' }] },
  { name: 'stat', blocks: ['expect'], source: 'upstream', doc: 'A vmstat counter (/proc/vmstat name).', params: [{ name: 'name', kind: 'stat', doc: 'pgdemote_kswapd, pgmigrate_success, numa_miss, oom_kill, ...' }] },

  // ---------------------------------------------------------------- value helpers
  { name: 'ratio', blocks: ['value'], source: 'mmlab', doc: 'data=ratio(R): contents that compress R:1.', params: [{ name: 'r', kind: 'ratio', doc: 'compression ratio > 0' }] },
];

export const CALL_TABLE: ReadonlyMap<string, CallSpec> = new Map(CALLS.map((c) => [c.name, c]));

export const METRIC_NAMES: readonly string[] = CALLS.filter((c) => c.blocks.includes('expect')).map((c) => c.name);

/** The signature label shown by signature help: `mbind(range, mode, [nodes], [flags])`. */
export function signatureLabel(spec: CallSpec): string {
  const ps = spec.params.map((p) => {
    const core = p.named ? `${p.name}=${p.kind === 'keyword' ? p.values!.join('|') : p.kind.toUpperCase()}` : p.kind === 'keyword' ? p.values!.join('|') : p.name;
    return p.optional ? `[${core}]` : core;
  });
  return `${spec.name}(${ps.join(', ')})`;
}

/** A statement call (not a metric or a value helper). */
export function isStatementCall(spec: CallSpec): boolean {
  return spec.blocks.some((b) => b === 'task' || b === 'kernel' || b === 'device' || b === 'driver');
}

/** May the call appear in this block? Driver blocks are kernel blocks that may also use driver-only calls. */
export function callAllowedIn(spec: CallSpec, kind: 'task' | 'kernel' | 'device', driver: boolean): boolean {
  return spec.blocks.includes(kind) || (driver && kind === 'kernel' && spec.blocks.includes('driver'));
}

/** The blocks a call is allowed in, in words ("a task block"). */
export function blockWords(spec: CallSpec): string {
  const b = spec.blocks.filter((x) => x === 'task' || x === 'kernel' || x === 'device' || x === 'driver');
  return b.map((x) => `a ${x} block`).join(' or ');
}
