/**
 * Language keywords with their documentation (hover, completion). Keywords are
 * lower case; kernel flag names are upper-case identifiers (language.md, tokens).
 */
export type KeywordContext = 'top' | 'block' | 'expect' | 'node' | 'header';

export interface KeywordEntry {
  name: string;
  contexts: readonly KeywordContext[];
  syntax: string;
  doc: string;
}

export const KEYWORDS: readonly KeywordEntry[] = [
  { name: 'scenario', contexts: ['top'], syntax: 'scenario "title"', doc: 'The scenario\'s title (optional, once).' },
  { name: 'design', contexts: ['top'], syntax: 'design NAME', doc: 'The kernel design to run by default (stock, private_v4, private_soft, private_nofallback, spm_v2, zone_device); private_v4 if absent.' },
  { name: 'node', contexts: ['top'], syntax: 'node ID KIND SIZE [ATTRIBUTE ...]', doc: 'Declare a NUMA node: id 0..1023, kind dram|hbm|cxl|cram|accel|nic, the capacity the OS sees, then attributes in any order.' },
  { name: 'distance', contexts: ['top'], syntax: 'distance A B D', doc: 'Symmetric node distance (SLIT); default 10 to itself, 20 otherwise. Decides fallback order (find_next_best_node).' },
  { name: 'swap', contexts: ['top'], syntax: 'swap SIZE', doc: 'Swap space; none by default, so anonymous pages can then leave a node only by demotion or migration.' },
  { name: 'cgroup', contexts: ['top', 'header'], syntax: 'cgroup NAME mems SET [sysram SET]', doc: 'A cpuset: `mems` is cpuset.mems; `sysram` is cpuset.mems.sysram (spm_v2). A task joins with `task NAME cgroup CG`.' },
  { name: 'mems', contexts: ['top'], syntax: 'mems SET', doc: 'cpuset.mems: the nodes the cgroup\'s tasks may allocate from.' },
  { name: 'sysram', contexts: ['top'], syntax: 'sysram SET', doc: 'spm_v2: cpuset.mems.sysram, the system-RAM subset user masks are clipped to.' },
  { name: 'sysctl', contexts: ['top'], syntax: 'sysctl KEY = VALUE', doc: 'Set a kernel knob (kernel.numa_balancing, vm.demotion_enabled, mempolicy.weighted_interleave.nodeN, cram.writable_fraction, ...). Unknown keys are errors.' },
  { name: 'param', contexts: ['top'], syntax: 'param NAME = VALUE', doc: 'A named number, size, ratio or percentage: write NAME where a size, count or ratio goes (a node size, `media`, an allocation size, `repeat N`, a sysctl value). `mmlab sweep --set NAME=V1,V2,...` sweeps it by name.' },
  { name: 'task', contexts: ['top'], syntax: 'task NAME [cpu N] [cgroup CG] { ... }', doc: 'A user-space task\'s block; a task may have several blocks, its state (mappings, policy) carries on. cpu and cgroup go on its first block.' },
  { name: 'cpu', contexts: ['header'], syntax: 'cpu N', doc: 'The CPU the task runs on: its local node is the node whose cpus hold it (node 0 when none do).' },
  { name: 'kernel', contexts: ['top'], syntax: 'kernel ["label"] { ... }', doc: 'Kernel context: allocations, mm services, hotplug, driver calls. The label names the caller (e.g. "memcg creation").' },
  { name: 'driver', contexts: ['top'], syntax: 'driver NAME ["label"] { ... }', doc: 'A kernel block run by the driver of device NAME (the device its nodes declare with `device NAME`): its allocations on its own nodes are the owner\'s, on another device\'s node a leak; it may call the driver-only folio_alloc_node_private. An `interrupt { }` inside it is not the driver\'s code.' },
  { name: 'device', contexts: ['top'], syntax: 'device NODE { ... }', doc: 'What the CXL compressed device does or reports: raise(low|high), set_ratio(R), fill(P%).' },
  { name: 'for_each_node', contexts: ['block'], syntax: 'for_each_node(n) STATEMENT-or-{ ... }', doc: 'Every possible (declared) node in id order, offline ones and private ones included, as the kernel macro.' },
  { name: 'for_each_online_node', contexts: ['block'], syntax: 'for_each_online_node(n) ...', doc: 'Every online node, private ones included (v4: private nodes are online).' },
  { name: 'for_each_node_state', contexts: ['block'], syntax: 'for_each_node_state(n, STATE) ...', doc: 'Nodes in a node state: N_MEMORY (v4: private nodes excluded), N_MEMORY_PRIVATE, N_CPU.' },
  { name: 'memalloc_private', contexts: ['block'], syntax: 'memalloc_private { ... }', doc: 'Kernel and driver blocks: the body runs between memalloc_private_save() and _restore() (the scoped post-v4 variant: the scope unlocks private nodes; a task flag, so nested and interrupt-time allocations inherit it). Other designs ignore the scope. Mail only, no code: outcomes it decides are inferred.' },
  { name: 'memalloc_folio', contexts: ['block'], syntax: 'memalloc_folio { ... }', doc: 'Kernel and driver blocks: PF_MEMALLOC_FOLIO around the body (the folio-only sketch: marks folio allocations; in the scoped variant it keeps non-folio allocations off private nodes). Inherited by nested and interrupt-time allocations. Mail only: inferred.' },
  { name: 'interrupt', contexts: ['block'], syntax: 'interrupt { ... }', doc: 'An interrupt taken inside the enclosing kernel or driver block: its allocations are not the driver\'s own, but they see the interrupted task\'s flags (memalloc scopes), as reviewers warned for the scoped variant.' },
  { name: 'repeat', contexts: ['block'], syntax: 'repeat N { ... }', doc: 'Run the body N times (each run counts against the step budget).' },
  { name: 'expect', contexts: ['top', 'block'], syntax: 'expect FORM [under D1, D2]', doc: 'Check an outcome of the previous statement or the state so far: ok, error ERRNO, oom, leak, no leak, diagnostic CODE, or METRIC OP VALUE. A failure is an expect-failed diagnostic.' },
  { name: 'ok', contexts: ['expect'], syntax: 'expect ok', doc: 'The previous statement succeeded.' },
  { name: 'error', contexts: ['expect'], syntax: 'expect error ERRNO', doc: 'The previous statement failed with that errno (an allocation that returned NULL failed with ENOMEM).' },
  { name: 'oom', contexts: ['expect'], syntax: 'expect oom', doc: 'The previous statement led to an OOM kill (diagnostic oom or gfp-private-oom). A failure without a kill is `error ENOMEM`.' },
  { name: 'leak', contexts: ['expect'], syntax: 'expect leak', doc: 'Some page reached a private node without permission so far (never under stock or zone_device).' },
  { name: 'no', contexts: ['expect'], syntax: 'expect no leak', doc: 'No page reached a private node without permission so far.' },
  { name: 'diagnostic', contexts: ['expect'], syntax: 'expect diagnostic CODE', doc: 'The previous statement or declaration produced a diagnostic with that code.' },
  { name: 'under', contexts: ['expect'], syntax: 'under DESIGN[, DESIGN...]', doc: 'Check the expectation only under these designs; elsewhere it is skipped, not failed. Without `under`, an expectation binds only under the file\'s own design (its `design` line, or private_v4); under any other design it is evaluated and shown as not binding, and never fails.' },
];

export const KEYWORD_TABLE: ReadonlyMap<string, KeywordEntry> = new Map(KEYWORDS.map((k) => [k.name, k]));
