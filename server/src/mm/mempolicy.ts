/**
 * mm/mempolicy.c: mpol_new() + mpol_set_nodemask() with the errno rules of
 * kernel-rules §11, the v4 private-node rules of §4.1 (MEMPOLICY gate,
 * MPOL_F_PRIVATE, first_node redirect of BIND), SPM clipping to sysram (§9),
 * the per-page placement (policy_node / policy_nodemask, interleave indexed by
 * address: anon vm_pgoff = vm_start >> 12, weighted interleave with sysctl
 * weights), the cpuset rebind (mpol_rebind_nodemask, §4.4), and the system calls that
 * install policies: do_set_mempolicy(), do_mbind() (queue walk, VMA split, MOVE) and
 * set_mempolicy_home_node().
 */
import { MPOL_MF, MPOL_MODE, MPOL_MODE_FLAG } from '../vocab/mpol';
import { NP_OPS } from '../vocab/npops';
import { RelatedInfo } from '../common/diagnostics';
import { isNode, NP } from './extents';
import { GFP, GFP_COMPOSITE, MAX_NUMNODES, PAGE_SIZE } from './gfp';
import { Mapping, Mm, PageRange, Policy, rangesOverlapping, replaceRanges, Task } from './machine';
import { taskMems, userVisibleMems } from './cpuset';
import { cpusetIgnores, injected } from './designs';
import { migrateByAddress, migrateToNode, nodeAllowsMigrate, segmentsOf } from './migrate';

const M = MPOL_MODE;
const F = MPOL_MODE_FLAG;

export const MODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(MPOL_MODE).map(([k, v]) => [v, k]));

export interface MpolResult {
  /** null = MPOL_DEFAULT (no policy) */
  policy?: Policy | null;
  errno?: string;
  rule?: string;
  /** private-policy warnings */
  warnings: string[];
}

/** ascending, without duplicates, a new array (a list already so, as the interpreter resolves a node set, is copied as is) */
function uniqSorted(a: number[]): number[] {
  let sorted = true;
  for (let i = 1; i < a.length && sorted; i++) sorted = a[i - 1] < a[i];
  return sorted ? a.slice() : [...new Set(a)].sort((x, y) => x - y);
}

/** mpol_relative_nodemask(): fold the user mask onto the allowed set */
function relativeNodes(user: number[], allowed: number[]): number[] {
  if (allowed.length === 0) return [];
  return uniqSorted(user.map((n) => allowed[n % allowed.length]));
}

/** do_set_mempolicy / do_mbind's policy part: mpol_new + mpol_set_nodemask */
export function mpolNew(mm: Mm, task: Task, mode: number, flags: number, userNodes: number[] | undefined, kind: 'mbind' | 'set_mempolicy'): MpolResult {
  // (loops and functions of the module, not closures and filters: every mbind of a long scenario runs this)
  const warnings: string[] = [];
  const user = uniqSorted(userNodes ?? []);
  if (mode < 0 || mode > M.MPOL_WEIGHTED_INTERLEAVE) return mpolFail(warnings, `mode ${mode} >= MPOL_MAX`);
  if (flags & F.MPOL_F_STATIC_NODES && flags & F.MPOL_F_RELATIVE_NODES) return mpolFail(warnings, 'MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES together');
  if (flags & F.MPOL_F_NUMA_BALANCING && mode !== M.MPOL_BIND && mode !== M.MPOL_PREFERRED_MANY)
    return mpolFail(warnings, 'MPOL_F_NUMA_BALANCING is only valid with MPOL_BIND or MPOL_PREFERRED_MANY');
  for (let i = 0; i < user.length; i++) if (user[i] < 0 || user[i] >= MAX_NUMNODES) return mpolFail(warnings, `a node id >= MAX_NUMNODES (${MAX_NUMNODES})`);
  const staticOrRelative = (flags & (F.MPOL_F_STATIC_NODES | F.MPOL_F_RELATIVE_NODES)) !== 0;
  if (mode === M.MPOL_DEFAULT) {
    if (user.length) return mpolFail(warnings, 'MPOL_DEFAULT with a non-empty nodemask');
    return { policy: null, warnings };
  }
  if (mode === M.MPOL_PREFERRED && user.length === 0) {
    if (staticOrRelative) return mpolFail(warnings, 'MPOL_PREFERRED with an empty mask and STATIC/RELATIVE');
    mode = M.MPOL_LOCAL;
  } else if (mode === M.MPOL_LOCAL) {
    if (user.length || staticOrRelative) return mpolFail(warnings, 'MPOL_LOCAL takes no nodemask and no STATIC/RELATIVE flag');
  } else if (user.length === 0) return mpolFail(warnings, `${MODE_NAMES[mode]} with an empty nodemask`);
  // the policy's own nodemask (w.cpuset_mems_allowed is a copy in the kernel too): taskMems may
  // answer the root cpuset's cached array, and a task's objects hold none of the rest of the state (mm/taskWrites.ts)
  const cpusetMems = taskMems(mm, task).slice();
  if (mode === M.MPOL_LOCAL) return { policy: { mode, flags, nodes: [], user, cpusetMems, private: false }, warnings };

  // mpol_set_nodemask: the user mask ∩ (cpuset mems ∩ the nodes user space may name)
  const visible = nameable(mm, userVisibleMems(mm, task));
  const um = mm.design.userNodemasks;
  let mask: number[];
  // bind_only (R1): only MPOL_BIND may place on a private node; every other mode is narrowed to the public nodes
  const narrowed = um === 'bind_only' && mode !== M.MPOL_BIND ? privateOf(mm, user) : [];
  const relative = (flags & F.MPOL_F_RELATIVE_NODES) !== 0;
  if (um === 'trim_unopted' || um === 'bind_only') {
    // post-v4: a private node without the opt-in is dropped from the mask like a node outside the cpuset
    const trimmed: number[] = [];
    for (const n of visible) if (!unopted(mm, n) && !narrowed.includes(n)) trimmed.push(n);
    if (relative) mask = relativeNodes(user, trimmed);
    else mask = within(user, trimmed);
  } else if (relative) mask = relativeNodes(user, visible);
  else mask = within(user, visible);

  // v4: every private node left in the mask must have NP_OPS_MEMPOLICY
  let isPrivate = false;
  if (um === 'require_op' || um === 'trim_unopted' || um === 'bind_only') {
    let lacking: number[] | undefined;
    for (const n of mask) {
      if (mm.node(n)?.state !== 'private') continue;
      isPrivate = true;
      if (unopted(mm, n)) (lacking ??= []).push(n);
    }
    if (lacking) return mpolFail(warnings, `private node ${lacking.join(',')} has no NP_OPS_MEMPOLICY (mpol_set_nodemask refuses any mask naming it)`);
  }
  if (narrowed.length && !relative) {
    const rule = `${MODE_NAMES[mode]} is narrowed to the public nodes: private node ${narrowed.join(',')} dropped (only MPOL_BIND places pages on a private node)`;
    if (mask.length === 0) return mpolFail(warnings, `${rule}, and nothing is left`);
    warnings.push(`${rule}: the policy is {${mask.join(',')}}`);
  }
  if (mask.length === 0) {
    const dropped = relative ? [] : user.filter((n) => !mask.includes(n));
    const why = dropped.length ? `nodes {${dropped.join(',')}} are not usable here` : 'empty';
    const clip =
      mm.design.userNodemasks === 'sysram'
        ? `the mask ∩ the task's sysram nodes {${visible.join(',')}} is empty (${why})`
        : `the mask ∩ the task's allowed nodes {${visible.join(',')}} is empty (${why})`;
    return mpolFail(warnings, clip);
  }
  if (mode === M.MPOL_PREFERRED) mask = [mask[0]];
  const policy: Policy = { mode, flags, nodes: mask, user, cpusetMems, private: isPrivate };
  if (isPrivate) {
    const priv = privateOf(mm, mask);
    if (kind === 'set_mempolicy') warnings.push(`a task policy names private node ${priv.join(',')}: every allocation of the task (page cache, slab) will see it`);
    if (mode !== M.MPOL_BIND) warnings.push(`${MODE_NAMES[mode]} with private node ${priv.join(',')}: only a single-node MPOL_BIND works well with private nodes`);
    else if (mask.length > 1) warnings.push(`MPOL_BIND {${mask.join(',')}} mixes private node ${priv.join(',')} with others: the nodemask filters the fallback list, so ${priv.length === mask.length ? 'only the first private node' : 'the private node'} may never be used`);
  }
  return { policy, warnings };
}

function mpolFail(warnings: string[], rule: string, errno = 'EINVAL'): MpolResult {
  return { errno, rule, warnings };
}

/**
 * The node lists below are filled here and copied out at their size: an array grown by push from
 * [] reserves 17 elements at its first push, and an mbind made four such lists (the mask one of
 * them, kept in the policy). One array for all: each helper copies its list out before it returns.
 */
const nodeScratch: number[] = [];

/** the nodes of `mems` user space may name in a mask under the design */
function nameable(mm: Mm, mems: number[]): number[] {
  const um = mm.design.userNodemasks;
  let k = 0;
  for (const n of mems) {
    const node = mm.node(n);
    if (!node) continue;
    if (um === 'require_op' || um === 'trim_unopted' || um === 'bind_only' ? node.state === 'normal' || node.state === 'private' : node.state === 'normal' || (um === 'n_memory' && node.state === 'spm')) nodeScratch[k++] = n;
  }
  return nodeScratch.slice(0, k);
}

/** a private node without NP_OPS_MEMPOLICY */
function unopted(mm: Mm, n: number): boolean {
  const node = mm.node(n);
  return node?.state === 'private' && !(node.ops && node.ops.flags & NP_OPS.NP_OPS_MEMPOLICY);
}

/** the private nodes of a list, in its order */
function privateOf(mm: Mm, nodes: number[]): number[] {
  let k = 0;
  for (const n of nodes) if (mm.node(n)?.state === 'private') nodeScratch[k++] = n;
  return nodeScratch.slice(0, k);
}

/** the nodes of `user` in `allowed`, in user's order */
function within(user: number[], allowed: number[]): number[] {
  let k = 0;
  for (const n of user) if (allowed.includes(n)) nodeScratch[k++] = n;
  return nodeScratch.slice(0, k);
}

/**
 * How a fault (or a page of one) is placed under a policy. `why` says which rule placed it and
 * `policy` which policy; planWhy() words them. The words are made only for an explain line: every
 * fault plans, and a template of the policy's nodes made per fault was a few percent of a
 * long scenario's run, read by nothing in the editor's diagnostics-only runs.
 */
export type Plan =
  | { kind: 'single'; nid: number; nodemask?: number[]; why: SingleWhy; policy?: Policy }
  | { kind: 'preferred_many'; nid: number; nodemask: number[]; why: 'preferred_many'; policy: Policy }
  | { kind: 'interleave'; cycle: number[]; why: 'interleave'; policy: Policy };
type SingleWhy = 'default' | 'local' | 'preferred' | 'bind' | 'bind_outside_cpuset' | 'bind_private_first';

/** a plan's rule in words (an explain line's) */
export function planWhy(plan: Plan): string {
  const p = plan.policy;
  const nodes = p ? p.nodes.join(',') : '';
  switch (plan.why) {
    case 'default':
      return 'default policy: local node';
    case 'local':
      return 'MPOL_LOCAL: local node';
    case 'preferred':
      return `MPOL_PREFERRED: node ${p!.nodes[0]} first, then its fallback list`;
    case 'bind_outside_cpuset':
      return 'MPOL_BIND mask outside the cpuset: ignored';
    case 'bind':
      return `MPOL_BIND {${nodes}}: node ${plan.nid}'s zonelist filtered by the mask`;
    case 'bind_private_first':
      return `MPOL_BIND {${nodes}} with MPOL_F_PRIVATE: preferred node redirected to first_node = ${plan.nid}`;
    case 'preferred_many':
      return `MPOL_PREFERRED_MANY {${nodes}}: the mask without direct reclaim, then any node`;
    case 'interleave':
      return `${MODE_NAMES[p!.mode]} {${nodes}}: node = nodes[ilx % weight] with ilx = vaddr >> 12`;
  }
}

/** weights of weighted interleave: mempolicy.weighted_interleave.nodeN (default 1) */
export function interleaveCycle(mm: Mm, p: Policy): number[] {
  if (p.mode === M.MPOL_INTERLEAVE) return [...p.nodes];
  const out: number[] = [];
  for (const n of p.nodes) {
    const w = Math.max(1, Math.floor(mm.sysctl(`mempolicy.weighted_interleave.node${n}`) ?? 1));
    for (let i = 0; i < w; i++) out.push(n);
  }
  return out;
}

/** policy_node() + policy_nodemask() for an allocation of `task` on CPU-local node `local` */
export function planFor(mm: Mm, task: Task, p: Policy | undefined, local: number): Plan {
  if (!p || p.mode === M.MPOL_LOCAL || p.mode === M.MPOL_DEFAULT) return localPlan(local, !!p);
  switch (p.mode) {
    case M.MPOL_PREFERRED:
      return { kind: 'single', nid: p.home ?? p.nodes[0], nodemask: undefined, why: 'preferred', policy: p };
    case M.MPOL_BIND: {
      // BIND's mask is ignored when it does not intersect the task's cpuset (cpuset_nodemask_valid_mems_allowed)
      // (a private node a design's cpusets ignore is never outside it)
      if (!meetsCpuset(mm, p.nodes, taskMems(mm, task))) return { kind: 'single', nid: local, nodemask: undefined, why: 'bind_outside_cpuset', policy: p };
      // (with MPOL_F_PRIVATE, a preferred node outside the mask is redirected to first_node)
      if (p.private && p.home === undefined && !p.nodes.includes(local)) return { kind: 'single', nid: p.nodes[0], nodemask: p.nodes, why: 'bind_private_first', policy: p };
      return { kind: 'single', nid: p.home ?? local, nodemask: p.nodes, why: 'bind', policy: p };
    }
    case M.MPOL_PREFERRED_MANY:
      return { kind: 'preferred_many', nid: p.home ?? local, nodemask: p.nodes, why: 'preferred_many', policy: p };
    default:
      return { kind: 'interleave', cycle: interleaveCycle(mm, p), why: 'interleave', policy: p };
  }
}

/** does a policy's mask meet the task's cpuset (a node in its mems, or one the design's cpusets ignore)? (a loop: a closure in planFor made every fault allocate its context) */
function meetsCpuset(mm: Mm, nodes: number[], mems: number[]): boolean {
  for (let i = 0; i < nodes.length; i++) if (mems.includes(nodes[i]) || cpusetIgnores(mm.design, mm.node(nodes[i]))) return true;
  return false;
}

/**
 * The plan of the default (or MPOL_LOCAL) policy on a node: the same object for every fault
 * there (a plan is read, never changed; it was an object per fault of every unbound task).
 */
const localPlans: Plan[][] = [[], []];
function localPlan(local: number, explicit: boolean): Plan {
  const byNode = localPlans[explicit ? 1 : 0];
  const cached = local >= 0 && local < 1024 ? byNode[local] : undefined;
  if (cached !== undefined) return cached;
  const plan: Plan = { kind: 'single', nid: local, nodemask: undefined, why: explicit ? 'local' : 'default', policy: undefined };
  if (local >= 0 && local < 1024) byNode[local] = plan;
  return plan;
}

/**
 * mpol_rebind_policy() on a cpuset.mems change (kernel-rules §4.4). Returns a description
 * when the nodes changed.
 */
export function rebindPolicy(mm: Mm, p: Policy, newMems: number[]): { changed: boolean; before: number[]; hadPrivate: boolean } {
  const before = [...p.nodes];
  const hadPrivate = before.some((n) => mm.node(n)?.state === 'private');
  if (p.mode === M.MPOL_LOCAL || p.mode === M.MPOL_DEFAULT) return { changed: false, before, hadPrivate };
  if (p.mode === M.MPOL_PREFERRED || p.mode === M.MPOL_PREFERRED_MANY) {
    p.cpusetMems = [...newMems];
    return { changed: false, before, hadPrivate };
  }
  const visible = newMems.filter((n) => {
    const s = mm.node(n)?.state;
    return mm.design.rebind === 'sysram' ? s === 'normal' : s === 'normal' || s === 'private';
  });
  if (mm.design.rebind === 'keep_special') return rebindKeepingSpecial(mm, p, newMems, visible, before, hadPrivate);
  let tmp: number[];
  if (p.flags & F.MPOL_F_STATIC_NODES) tmp = p.user.filter((n) => visible.includes(n));
  else if (p.flags & F.MPOL_F_RELATIVE_NODES) tmp = relativeNodes(p.user, visible);
  else {
    // nodes_remap(old -> new): the k-th node of the old allowed set goes to the k-th of the new (mod size)
    const old = p.cpusetMems;
    tmp = uniqSorted(
      p.nodes.map((n) => {
        const k = old.indexOf(n);
        if (k < 0 || visible.length === 0) return n;
        return visible[k % visible.length];
      }),
    );
    p.cpusetMems = [...visible];
  }
  if (tmp.length === 0) tmp = [...visible];
  // v4: drop private nodes lacking NP_OPS_MEMPOLICY, recompute MPOL_F_PRIVATE
  if (mm.design.rebind === 'drop_unopted') {
    tmp = tmp.filter((n) => {
      const nd = mm.node(n);
      return nd?.state !== 'private' || (nd.ops && nd.ops.flags & NP_OPS.NP_OPS_MEMPOLICY);
    });
    if (tmp.length === 0) tmp = visible.filter((n) => mm.node(n)?.state === 'normal');
    p.private = tmp.some((n) => mm.node(n)?.state === 'private');
  }
  p.nodes = tmp;
  const changed = before.join(',') !== tmp.join(',');
  return { changed, before, hadPrivate };
}

/**
 * The post-v4 rebind: the private nodes a policy names stay as they are while the cpuset still
 * has them (a mems change may drop one, never fold a policy onto one it never named); the normal
 * nodes are remapped positionally over the new normal mems.
 */
function rebindKeepingSpecial(mm: Mm, p: Policy, newMems: number[], visible: number[], before: number[], hadPrivate: boolean) {
  const isPriv = (n: number) => mm.node(n)?.state === 'private';
  const kept = p.nodes.filter((n) => isPriv(n) && newMems.includes(n));
  const normalNew = visible.filter((n) => !isPriv(n));
  const normalOld = p.cpusetMems.filter((n) => !isPriv(n));
  let normal: number[];
  if (p.flags & F.MPOL_F_STATIC_NODES) normal = p.user.filter((n) => normalNew.includes(n));
  else if (p.flags & F.MPOL_F_RELATIVE_NODES) normal = relativeNodes(p.user.filter((n) => !isPriv(n)), normalNew);
  else
    normal = uniqSorted(
      p.nodes.filter((n) => !isPriv(n)).map((n) => {
        const k = normalOld.indexOf(n);
        return k < 0 || normalNew.length === 0 ? n : normalNew[k % normalNew.length];
      }),
    );
  if (!(p.flags & (F.MPOL_F_STATIC_NODES | F.MPOL_F_RELATIVE_NODES))) p.cpusetMems = [...visible];
  let nodes = uniqSorted([...normal, ...kept]);
  if (nodes.length === 0) nodes = [...normalNew];
  p.nodes = nodes;
  p.private = nodes.some(isPriv);
  return { changed: before.join(',') !== nodes.join(','), before, hadPrivate };
}

export function describePolicy(p: Policy | undefined | null): string {
  if (!p) return 'MPOL_DEFAULT';
  const fl = [p.flags & F.MPOL_F_STATIC_NODES ? 'STATIC' : '', p.flags & F.MPOL_F_RELATIVE_NODES ? 'RELATIVE' : '', p.private ? 'F_PRIVATE' : '']
    .filter(Boolean)
    .join('|');
  return `${MODE_NAMES[p.mode]}${fl ? `(${fl})` : ''}${p.nodes.length ? ` {${p.nodes.join(',')}}` : ''}`;
}

/** related information naming the private nodes of a policy (for private-policy diagnostics) */
export function privateRelated(mm: Mm, p: Policy | undefined | null): RelatedInfo[] {
  return (p?.nodes ?? []).filter((n) => mm.node(n)?.state === 'private').flatMap((n) => mm.nodeRelated(n));
}

/** the outcome of a policy system call: errno + the rule when it failed */
export interface SyscallResult {
  errno?: string;
  rule?: string;
}

/**
 * The policy calls' explain lines, formatted when a record is read (mm/trace.ts fact). A policy
 * object can change afterwards (a cpuset rebinds it in place): a line keeps its description.
 */
const taskPolicyLine = (task: string, policy: string): string => `task policy of ${task}: ${policy}`;
const vmaPolicyLine = (name: string, a: number, b: number, policy: string): string => `VMA policy of ${name}[${a}:${b}) = ${policy}`;
const interleaveMoveLine = (moved: number): string =>
  `MPOL_MF_MOVE: ${moved} page(s) migrated, each to the node of its interleave index (alloc_migration_target_by_mpol, __GFP_RETRY_MAYFAIL)`;

/** do_set_mempolicy(): the task policy (its private-policy warnings are raised here) */
export function doSetMempolicy(mm: Mm, t: Task, mode: number, flags: number, nodes: number[] | undefined): SyscallResult {
  const res = mpolNew(mm, t, mode, flags, nodes, 'set_mempolicy');
  if (res.errno) return res;
  for (const w of res.warnings) mm.emit('private-policy', w, privateRelated(mm, res.policy));
  t.policy = res.policy ?? undefined;
  if (t.policy) t.policy.span = mm.currentSpan;
  t.ilNext = 0;
  if (mm.tracer.explaining) mm.tracer.fact(taskPolicyLine, t.name, describePolicy(res.policy));
  return {};
}

/** set_mempolicy_home_node(): the home node of the BIND / PREFERRED_MANY VMA policies in [a, b) */
export function setHomeNode(mm: Mm, m: Mapping, a: number, b: number, node: number): SyscallResult {
  const n = mm.node(node);
  if (node < 0 || node >= MAX_NUMNODES || !n || n.present === 0) return { errno: 'EINVAL', rule: `node ${node} is not online` };
  const [from, to] = rangesOverlapping(m.policies, a, b);
  const ranges = m.policies.slice(from, to);
  if (!ranges.length) return { errno: 'ENOENT', rule: 'no VMA in the range has a policy' };
  for (const p of ranges) {
    if (p.policy.mode !== M.MPOL_BIND && p.policy.mode !== M.MPOL_PREFERRED_MANY)
      return { errno: 'EOPNOTSUPP', rule: `the VMA policy is ${MODE_NAMES[p.policy.mode]}, not BIND or PREFERRED_MANY` };
  }
  for (const p of ranges) p.policy = { ...p.policy, home: node };
  return {};
}

/** what do_mbind() did (as movePages returns a MovePagesResult) */
export interface MbindResult extends SyscallResult {
  /** pages of the range queued as off the new policy (0 when the policy was not applied) */
  off: number;
  /** queued pages MPOL_MF_MOVE could not migrate onto the policy */
  notMoved: number;
}

/**
 * do_mbind(): mpol_new(), then queue_pages_range() over [r.a, r.b) (a hole is -EFAULT for every
 * mode; STRICT without MOVE and off-policy pages is -EIO and the policy is not applied), the VMA
 * split and the new VMA policy, then MOVE of the queued folios (STRICT: -EIO when some stay).
 * Private-policy / file-mbind warnings and the inference note are raised here.
 */
export function doMbind(mm: Mm, t: Task, m: Mapping, r: PageRange, mode: number, modeFlags: number, flags: number, nodes: number[] | undefined): MbindResult {
  const none = noMbind;
  if (flags & ~(MPOL_MF.MPOL_MF_STRICT | MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) return none('EINVAL', 'unknown mbind flags');
  if (r.byteStart % PAGE_SIZE) return none('EINVAL', 'start is not page aligned');
  if (r.overflow) return none('EFAULT', 'the range runs into an unmapped area');
  if (r.b <= r.a) return none(); // len 0: do_mbind returns 0 before mpol_new
  const res = mpolNew(mm, t, mode, modeFlags, nodes, 'mbind');
  if (res.errno) return none(res.errno, res.rule);
  // after mpol_new(), queue_pages_range(): a hole at the start or inside the range is -EFAULT, for every mode,
  // MPOL_DEFAULT included (MPOL_MF_DISCONTIG_OK is kernel-internal) — oracle c08
  if (m.hasHole(r.a, r.b)) return none('EFAULT', 'the range runs into an area removed by munmap');
  const pol = res.policy ?? undefined;
  for (const w of res.warnings) mm.emit('private-policy', w, privateRelated(mm, pol));
  if (pol && m.backing === 'file' && pol.nodes.some((n) => mm.node(n)?.state === 'private'))
    mm.emit('file-mbind', `mbind of file-backed ${m.name} onto private node ${pol.nodes.filter((n) => mm.node(n)?.state === 'private').join(',')}: the page cache does not follow VMA policies, and mbind MOVE of page-cache pages needs extensions (the isolation mail, 2026-06-03)`, privateRelated(mm, pol));
  const strict = (flags & MPOL_MF.MPOL_MF_STRICT) !== 0 && mode !== M.MPOL_DEFAULT;
  const move = (flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !== 0;
  // queue_folios_pte_range: pages off the policy (private pages without MIGRATION are skipped silently in v4)
  // MPOL_LOCAL has an empty user nodemask: every folio is queued (MPOL_MF_INVERT) and
  // alloc_migration_target_by_mpol() places it on the local node (oracle j06)
  const allowedNodes = pol?.mode === M.MPOL_LOCAL ? [t.node] : pol?.nodes ?? [];
  // the present pages of the range by node, once (a range never touched has none: no table made)
  let off = 0;
  let hidden: number[] | undefined;
  if (pol && m.set.countOn(NP, r.a, r.b) < r.b - r.a)
    for (const [v, c] of m.set.counts(r.a, r.b)) {
      if (!isNode(v)) continue;
      const migratable = nodeAllowsMigrate(mm, v);
      if (migratable && !allowedNodes.includes(v)) off += c;
      if (!migratable && !pol.nodes.includes(v)) (hidden ??= []).push(v);
    }
  if ((strict || move) && hidden !== undefined)
    mm.inferred(`inferred (kernel-rules §4.1): pages on private node ${hidden.join(',')} (no NP_OPS_MIGRATION) are skipped by the mbind queue walk, not counted as failures`);
  if (strict && !move && off > 0) return none('EIO', `MPOL_MF_STRICT: ${off} existing page(s) are not on the policy's nodes (policy not applied)`);
  // mbind_range(): split the VMA policies at the edges and apply the new one to [a, b)
  if (pol) pol.span = mm.currentSpan;
  replaceRanges(m.policies, r.a, r.b, pol ? { start: r.a, end: r.b, policy: pol } : undefined);
  if (mm.tracer.explaining) mm.tracer.fact(vmaPolicyLine, m.name, r.a, r.b, describePolicy(pol));
  // Only folios mapped by more than one process need MPOL_MF_MOVE_ALL (folio_likely_mapped_shared();
  // MAP_SHARED alone does not, oracle j09). A mapping here belongs to one task (the language has
  // no fork and no cross-task mapping): its mapcount is 1, so MOVE moves every queued folio.
  if (!move || !pol || off === 0) return { off, notMoved: 0 };
  const offPolicy = (v: number) => isNode(v) && !allowedNodes.includes(v) && nodeAllowsMigrate(mm, v);
  const notMoved = Math.max(0, off - mbindMove(mm, t, m, r.a, r.b, pol, offPolicy));
  if (notMoved > 0 && strict) return { off, notMoved, errno: 'EIO', rule: `MPOL_MF_STRICT: ${notMoved} page(s) could not be migrated` };
  return { off, notMoved };
}

/** doMbind's answer when it stops before queueing pages */
function noMbind(errno?: string, rule?: string): MbindResult {
  return { errno, rule, off: 0, notMoved: 0 };
}

/** alloc_migration_target_by_mpol: the kernel allocator under the new policy (+__GFP_PRIVATE with MPOL_F_PRIVATE) */
function mbindMove(mm: Mm, t: Task, m: Mapping, a: number, b: number, pol: Policy, off: (v: number) => boolean): number {
  // alloc_migration_target_by_mpol(): GFP_HIGHUSER_MOVABLE | __GFP_RETRY_MAYFAIL, so a target that
  // does not fit fails the migration (the page stays) and never OOM-kills
  const gfp = GFP_COMPOSITE.GFP_HIGHUSER_MOVABLE | GFP.__GFP_RETRY_MAYFAIL | (pol.private ? injected(mm.design, 'mbind_move') : 0);
  const plan = planFor(mm, t, pol, t.node);
  let moved = 0;
  // interleave: each folio's target is the node of its interleave index, from its address (as a
  // fault's); no nodemask, so a full target falls back along its zonelist; the data moves with it
  if (plan.kind === 'interleave') {
    const moved = migrateByAddress(mm, m, a, b, off, plan.cycle, 'mbind', gfp);
    mm.tracer.fact(interleaveMoveLine, moved);
    return moved;
  }
  for (const [v] of m.set.counts(a, b)) {
    if (!off(v)) continue;
    const r = migrateToNode(mm, plan.nid, segmentsOf(m, a, b, (x) => x === v), 'mbind', gfp, plan.nodemask, true);
    moved += r.moved;
  }
  return moved;
}
