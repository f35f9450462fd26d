/**
 * The semantic model (HIR) of a scenario: what the front end lowers the syntax
 * tree into and what the emulator runs. Names are resolved, flags are bit masks,
 * sizes are bytes. Every element keeps the Span of the text it came from so that
 * the emulator's diagnostics and step records point back at the statement. Inside
 * the body of a block an edit moved, those spans are the block's `bodyShift` away
 * from the text (ADR 0023): read them through model/blockSpans.ts or the plans.
 *
 * Contract between server/src/model (producer) and server/src/run + mm (consumer).
 * Extend it by adding optional fields or new union members; do not change meanings.
 */
import { Span } from '../common/span';

import { DEFAULT_DESIGN, DesignName } from '../vocab/designs';
import { NodeKind } from '../vocab/nodekinds';

// the vocabulary (below the model) owns these names; the IR's users keep importing them from here
export { DEFAULT_DESIGN, DESIGNS } from '../vocab/designs';
export type { DesignName } from '../vocab/designs';
export type { NodeKind } from '../vocab/nodekinds';

/** The design a run uses: the caller's choice, else the file's `design` line, else `fallback` (the editor setting, or private_v4). */
export function resolveDesign(requested: DesignName | null | undefined, program: Pick<Program, 'design'> & Partial<Pick<Program, 'designs'>> | undefined, fallback: DesignName = DEFAULT_DESIGN): DesignName {
  // a configured default the program cannot see (another scenario's own design) gives way to the default
  return requested ?? program?.design?.name ?? (program?.designs && !program.designs[fallback] ? DEFAULT_DESIGN : fallback);
}

/**
 * One value per mechanism choice of a design (model/vocab/designChoices.ts says what each
 * stands for). The emulator reads only these, never a design's name.
 */
/** where an allocation is made, as `unlock_by` names it */
export type UnlockContext = 'any' | 'owner' | 'driver' | 'kernel' | 'task' | 'interrupt';

export interface DesignChoices {
  /** the state of a node declared `private` (or a cram node) once it has memory */
  nodeState: 'normal' | 'private' | 'spm' | 'device';
  /** GFP bits meaning "I mean the special node" (0 = none) */
  unlock: number;
  /** GFP bits of which one must be set for the zone walk to use a special node; 0 = no per-zone filter */
  gate: number;
  normalLists: 'include' | 'exclude';
  ownFallback: 'self_then_normal' | 'self_only' | 'normal_only' | 'none';
  ownNofallback: 'self' | 'none';
  privateZonelist: 'none' | 'unlock';
  services: 'gated' | 'open' | 'closed';
  userNodemasks: 'require_op' | 'trim_unopted' | 'bind_only' | 'sysram' | 'n_memory';
  rebind: 'remap' | 'drop_unopted' | 'sysram' | 'keep_special';
  injects: ReadonlySet<'fault' | 'mbind_move' | 'zswap' | 'hotplug'>;
  leak: 'never' | 'without_unlock';
  oomNodes: 'all' | 'ops_eligible' | 'sysram';
  migrateTargets: 'open' | 'driver' | 'refused' | 'none';
  /** post-v4 (optional choices; absent = 'gate' / 'fallback_list' / 'lists'): lowered into `variant` */
  admits?: 'gate' | 'lists' | 'folio_thisnode' | 'scope' | 'private_zonelist' | 'node_private';
  slab?: 'fallback_list' | 'thisnode_try';
  hugetlb?: 'lists' | 'user_numa';
  /** optional (absent = 'migrate'): a FOLL_LONGTERM pin of an unpinnable private folio migrates it first, or fails (mm/gup.ts) */
  longtermPin?: 'migrate' | 'fail';
  /** optional (absent = 'services'): THP collapse of private folios as `services` says, or only MADV_COLLAPSE on a USER_NUMA node (mm/madvise.ts) */
  collapse?: 'services' | 'user_numa';
  /** optional (absent = every context): the contexts in which the unlock flag counts (mm/designs/rules.ts unlockHonoured) */
  unlockBy?: ReadonlySet<UnlockContext>;
  /** optional (absent = 'grants'): how cpusets treat private nodes (mm/cpuset.ts) */
  cpuset?: 'grants' | 'ignores' | 'governs';
  /** optional (absent = 'none'): whether `private_node=` on the command line makes a node private from boot */
  bootParam?: 'none' | 'private_node';
}

/** the post-v4 variants' extra mechanisms (read by mm/designs/variant.ts) */
export interface VariantChoices {
  /**
   * What lets an allocation use a private zone (the zone walk's filter):
   * - 'gate': the design's GFP gate (and leak rule) as before
   * - 'lists': nothing is filtered; only the lists keep private nodes out (NOFALLBACK-only)
   * - 'folio-thisnode': a folio allocation (or one inside memalloc_folio) that sets __GFP_THISNODE
   * - 'scope': inside memalloc_private, and not a non-folio allocation inside memalloc_folio
   * - 'private-zonelist': only a walk of ZONELIST_PRIVATE (every other list lacks private nodes anyway)
   * - 'node-private': only folio_alloc_node_private()
   */
  admits: 'gate' | 'lists' | 'folio-thisnode' | 'scope' | 'private-zonelist' | 'node-private';
  /** a private node's own FALLBACK list: the N_MEMORY nodes without itself ('normal-only'), or as the base design */
  ownFallback?: 'normal-only';
  /** a private node's NOFALLBACK list: [itself] (default) or empty */
  ownNofallback?: 'self' | 'none';
  /** private nodes stay in every node's FALLBACK list, behind the filter (the scoped draft's tested lists) */
  privateInFallback?: boolean;
  /** ZONELIST_PRIVATE exists: every node by distance, private ones included, selected per call */
  privateZonelist?: boolean;
  /** folio_alloc_node_private() exists: the node's own one-node list, __GFP_THISNODE required */
  nodePrivateAllocator?: boolean;
  /** slab's node choice for kmalloc_node(nid): new_slab on the FALLBACK list (default) or slub's THISNODE try first (mm/slub.ts) */
  slab?: 'fallback-list' | 'thisnode-try';
  /** HugeTLB pool growth uses a private node only if it has USER_NUMA (through ZONELIST_PRIVATE) */
  hugetlbNeedsUserNuma?: boolean;
  /** the rules come from mail, not code: leaks it decides carry the inferred mark */
  inferred?: boolean;
}

export interface Design extends DesignChoices {
  name: DesignName;
  /** the post-v4 variants' extra mechanisms (mm/designs/variant.ts); absent for the designs of the prelude */
  variant?: VariantChoices;
  /** the choices its declaration marks `inferred` (mmlab's reading, not read kernel code): their explain lines say so */
  inferred: ReadonlySet<keyof DesignChoices>;
}

/** A declared design: the prelude's, the workspace's (designs.mmlab) or the file's own. */
export interface DesignDef {
  name: DesignName;
  origin: 'prelude' | 'workspace' | 'file';
  /** the design it extends, if any */
  base?: DesignName;
  /** every choice, resolved through the `extends` chain */
  design: Design;
  /** the span of each choice written in this declaration (in its own text) */
  choiceSpans: Partial<Record<keyof DesignChoices, Span>>;
  /** the declaration's comment lines just above it (hover text) */
  doc?: string;
  span: Span;
  nameSpan: Span;
}


export interface Program {
  title?: string;
  /** the file's `design` line, if any */
  design?: { name: DesignName; span: Span };
  /** every design this program can run under: the prelude's, the workspace's, the file's own */
  designs: Record<DesignName, DesignDef>;
  machine: Machine;
  /** top-level timeline items in file order: blocks, and expectations written at top level */
  items: TimelineItem[];
  /** the file's `param NAME = VALUE` declarations (absent when there are none) */
  params?: ParamInfo[];
}

/** A `param` (language.md, param): its value as written and every use the lowering resolved. */
export interface ParamInfo {
  name: string;
  /** the declaration, and its name */
  span: Span;
  nameSpan: Span;
  /** the value as written (`512M`) and its kind */
  value: string;
  numKind: 'int' | 'decimal' | 'size' | 'percent';
  uses: Span[];
}

export interface Machine {
  nodes: NodeDecl[];
  distances: DistanceDecl[];
  /** bytes of swap; 0 = none */
  swapBytes: number;
  swapSpan?: Span;
  cgroups: CgroupDecl[];
  sysctls: SysctlDecl[];
}

export interface NodeDecl {
  id: number;
  kind: NodeKind;
  /** capacity the OS sees (for cram: logical capacity); 0 = memoryless */
  sizeBytes: number;
  private: boolean;
  cpus: number[];
  /** NP_OPS bit mask as written (undefined = not written; cram nodes then get CRAM_OPS) */
  ops?: number;
  /** callbacks as written (undefined = those the flags require, or CRAM's for cram) */
  callbacks?: string[];
  mediaBytes?: number;
  ratio?: number;
  /** fractions of free media, 0..1 */
  watermarks?: { low: number; high: number };
  zone: 'normal' | 'movable';
  tier?: number;
  offline: boolean;
  /** `boot_private`: `private_node=ID` on the kernel command line (a design with that parameter makes the node private from boot) */
  bootPrivate?: boolean;
  span: Span;
  /** spans of individual attributes for precise diagnostics (key = attribute name) */
  attrSpans: Record<string, Span>;
  /**
   * (optional, added by the front end) true when node_private_set_ops would
   * refuse the declared ops/callbacks (an `ops-rejected` diagnostic was
   * reported): the driver's registration failed, so the node has no ops.
   */
  opsRejected?: boolean;
  /** (optional) `device NAME`: the device whose driver owns the node (a private node of device NAME) */
  device?: string;
  /** (optional) `caps ...`: post-v4 capability mask (model/vocab/caps.ts); its NP_OPS bits are in `ops` */
  caps?: number;
}

export interface DistanceDecl {
  a: number;
  b: number;
  distance: number;
  span: Span;
}

export interface CgroupDecl {
  name: string;
  mems: number[];
  sysram?: number[];
  span: Span;
}

export interface SysctlDecl {
  key: string;
  /** numbers as numbers; `10%` as 0.1 with percent=true */
  value: number;
  percent?: boolean;
  span: Span;
}

export type TimelineItem = TaskBlock | KernelBlock | DeviceBlock | ExpectStmt | ErrorStmt;

export interface TaskBlock {
  kind: 'task';
  name: string;
  /** given on the task's first block only; later blocks leave these undefined */
  cpu?: number;
  cgroup?: string;
  body: Stmt[];
  span: Span;
  headerSpan: Span;
  /**
   * (optional, added by the incremental front end: model/relower.ts) how far an edit moved this
   * block since its body was lowered: every position inside `body` is that far from where the
   * text now has it (model/blockSpans.ts reads it; absent = 0). The block's own spans are exact.
   */
  bodyShift?: number;
}

export interface KernelBlock {
  kind: 'kernel';
  label?: string;
  /** (optional) `driver NAME { }`: the block runs as the driver of device NAME */
  driver?: string;
  body: Stmt[];
  span: Span;
  headerSpan: Span;
  /**
   * (optional, added by the incremental front end: model/relower.ts) how far an edit moved this
   * block since its body was lowered: every position inside `body` is that far from where the
   * text now has it (model/blockSpans.ts reads it; absent = 0). The block's own spans are exact.
   */
  bodyShift?: number;
}

export interface DeviceBlock {
  kind: 'device';
  node: number;
  body: Stmt[];
  span: Span;
  headerSpan: Span;
  /**
   * (optional, added by the incremental front end: model/relower.ts) how far an edit moved this
   * block since its body was lowered: every position inside `body` is that far from where the
   * text now has it (model/blockSpans.ts reads it; absent = 0). The block's own spans are exact.
   */
  bodyShift?: number;
}

/** A node id: a literal or the variable of an enclosing for_each. */
export type NodeRef = { const: number; span: Span } | { var: string; span: Span };

/** A set of node ids as written: `2`, `0-3`, `{0, 2-3}`; elements may be loop variables. */
export interface NodeSet {
  nodes: NodeRef[];
  span: Span;
}

/** A part of a mapping (language.md, tokens "Ranges of a mapping"). */
export interface RangeRef {
  /** the mapping or allocation-handle variable */
  name: string;
  /**
   * (optional, added by the front end) the scope that owns the variable: the
   * task name, or 'kernel' for kernel blocks. Needed for top-level expectations
   * (`expect pages(app.buf, 0) ...`); inside a block it is that block's scope.
   */
  scope?: string;
  sel:
    | { kind: 'whole' }
    | { kind: 'page'; offset: number } // buf[4K]: the page holding that byte
    | { kind: 'bytes'; start: number; end: number } // buf[0:64M], end exclusive
    | { kind: 'percent'; start: number; end: number }; // buf[10%:50%] as fractions 0..1
  span: Span;
}

export type DataProfile = { kind: 'zero' } | { kind: 'text' } | { kind: 'random' } | { kind: 'ratio'; ratio: number };

export type Stmt = CallStmt | ForEachStmt | RepeatStmt | ScopeStmt | ExpectStmt | ErrorStmt;

/**
 * `memalloc_private { }` / `memalloc_folio { }`: task-flag scopes (what nested and
 * interrupt-time allocations inherit); `interrupt { }`: an interrupt taken inside
 * the enclosing block, running with the interrupted context's flags.
 */
export interface ScopeStmt {
  kind: 'scope';
  scope: 'memalloc_private' | 'memalloc_folio' | 'interrupt';
  body: Stmt[];
  span: Span;
}

/** A line that failed to parse: still a statement (so `expect diagnostic syntax` refers to it). */
export interface ErrorStmt {
  kind: 'error';
  span: Span;
  /**
   * (optional, added by the front end) why it cannot run: 'syntax' = the line
   * did not parse; 'invalid' = it parsed but a static check rejected it (an
   * unknown name or flag, a wrong argument): its diagnostic says which.
   */
  cause?: 'syntax' | 'invalid';
  /**
   * Set when the line is an `expect` that could not be lowered: the run reports it as a failed
   * expectation with this reason, so a malformed expectation is never silently dropped.
   */
  expect?: { text: string; reason: string };
}

export interface ForEachStmt {
  kind: 'for_each';
  iter: 'node' | 'online_node' | 'node_state';
  state?: 'N_MEMORY' | 'N_MEMORY_PRIVATE' | 'N_CPU' | 'N_ONLINE' | 'N_POSSIBLE';
  var: string;
  body: Stmt[];
  span: Span;
}

export interface RepeatStmt {
  kind: 'repeat';
  count: number;
  body: Stmt[];
  span: Span;
}

/** Every call, typed by its operation. `assign` is the variable the result is bound to. */
export interface CallStmt {
  kind: 'call';
  call: Call;
  assign?: { name: string; span: Span };
  span: Span;
}

export type Call =
  // --- task (user space)
  | { op: 'mmap'; size: number; backing: 'anon' | 'file' | 'shmem'; shared: boolean }
  | { op: 'malloc'; size: number }
  | { op: 'munmap'; target: RangeRef }
  | { op: 'mbind'; range: RangeRef; mode: number; modeFlags: number; nodes?: NodeSet; flags: number }
  | { op: 'set_mempolicy'; mode: number; modeFlags: number; nodes?: NodeSet }
  | { op: 'set_mempolicy_home_node'; range: RangeRef; node: NodeRef }
  | { op: 'touch'; range: RangeRef; access: 'read' | 'write'; data?: DataProfile }
  /** `V[OFFSET] = VALUE`: write one byte */
  | { op: 'poke'; range: RangeRef; value: number }
  /** node undefined: the query form (nodes = NULL) */
  | { op: 'move_pages'; range: RangeRef; node?: NodeRef; flags: number }
  | { op: 'migrate_pages'; from: NodeSet; to: NodeSet }
  | { op: 'madvise'; range: RangeRef; advice: string }
  | { op: 'mlock' | 'munlock'; range: RangeRef }
  | { op: 'mprotect'; range: RangeRef; prot: 'read' | 'write' | 'none' }
  | { op: 'pin'; range: RangeRef; longterm: boolean }
  | { op: 'unpin'; range: RangeRef }
  | { op: 'exit' }
  // --- kernel
  | { op: 'alloc_pages_node'; nid: NodeRef; gfp: number; order: number; nodemask?: NodeSet; count: number }
  | { op: 'alloc_pages'; gfp: number; order: number; nodemask?: NodeSet; count: number }
  | { op: 'kmalloc_node' | 'kvzalloc_node' | 'kzalloc_node'; size: number; gfp: number; nid: NodeRef }
  | { op: 'vmalloc_node'; size: number; nid: NodeRef }
  | { op: 'folio_alloc'; gfp: number; order: number; nid?: NodeRef; nodemask?: NodeSet; zonelist?: 'default' | 'private'; count: number }
  | { op: 'folio_alloc_node_private'; gfp: number; order: number; nid: NodeRef; count: number }
  | { op: 'pagetable_alloc'; count: number }
  | { op: 'set_nr_hugepages'; count: number; node?: NodeRef }
  | { op: 'free_pages'; handle: string }
  | { op: 'kswapd'; nid: NodeRef }
  | { op: 'reclaim'; nid: NodeRef; size: number }
  | { op: 'compact'; nid: NodeRef }
  | { op: 'khugepaged' | 'ksm_scan' | 'numa_balancing_scan' }
  | { op: 'add_private_memory_driver_managed'; nid: NodeRef; size: number; ops?: number; zone?: 'normal' | 'movable' }
  | { op: 'online_node' | 'offline_node'; nid: NodeRef }
  | { op: 'node_private_set_ops'; nid: NodeRef; ops: number; callbacks?: string[] }
  | { op: 'set_cpuset_mems'; cgroup: string; mems: NodeSet }
  | { op: 'memory_failure'; nid: NodeRef; count: number }
  /** v4 migrate_folios_to_node(): a kernel block moves a task's pages (range.scope is the task) */
  | { op: 'migrate_folios_to_node'; range: RangeRef; nid: NodeRef }
  // --- device
  | { op: 'raise'; level: 'low' | 'high' }
  | { op: 'set_ratio'; ratio: number }
  | { op: 'fill'; percent: number }; // fraction 0..1 of media capacity

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Metric =
  | { name: 'pages'; target: RangeRef; node: NodeRef }
  /** pages of the range whose last move_pages query status is the node (or -errno) */
  | { name: 'status'; target: RangeRef; status: { node: NodeRef } | { errno: string } }
  | { name: 'used' | 'free' | 'media_used' | 'open' | 'pressure'; node: NodeRef }
  | { name: 'stat'; stat: string };

export type Expectation =
  | { form: 'ok' }
  | { form: 'error'; errno: string }
  | { form: 'oom' }
  | { form: 'leak'; negated: boolean }
  | { form: 'diagnostic'; code: string }
  | {
      form: 'metric';
      metric: Metric;
      op: CompareOp;
      /** bytes for sizes, fraction for percentages, plain number otherwise */
      value: number;
      unit: 'count' | 'percent' | 'bytes';
    };

export interface ExpectStmt {
  kind: 'expect';
  expectation: Expectation;
  /** designs from `under ...`; undefined = always checked */
  under?: DesignName[];
  /** the source text of the expect line, for reports */
  text: string;
  span: Span;
  /**
   * (optional, added by the front end) the span of the statement or declaration
   * this expectation observes: the previous one in the same block, or at top
   * level the previous declaration/block. `expect diagnostic CODE` holds when a
   * diagnostic with that code lies inside this span. Undefined for an expect
   * that is the first thing in its block.
   */
  subject?: Span;
}
