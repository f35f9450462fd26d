/**
 * mm/mempolicy.c: mpol_new() + mpol_set_nodemask() with the errno rules of
 * kernel-semantics §11, the v4 private-node rules of §4.1 (MEMPOLICY gate,
 * MPOL_F_PRIVATE, first_node redirect of BIND), SPM clipping to sysram (§9),
 * the per-page placement (policy_node / policy_nodemask, interleave indexed by
 * address: anon vm_pgoff = vm_start >> 12, weighted interleave with sysctl
 * weights), and the cpuset rebind (mpol_rebind_nodemask, §4.4).
 */
import { MPOL_MODE, MPOL_MODE_FLAG } from '../model/vocab/mpol';
import { NP_OPS } from '../model/vocab/npops';
import { MAX_NUMNODES } from './gfp';
import { Mm, Policy, Task } from './machine';
import { taskMems, userVisibleMems } from './cpuset';

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

const uniqSorted = (a: number[]) => [...new Set(a)].sort((x, y) => x - y);

/** mpol_relative_nodemask(): fold the user mask onto the allowed set */
function relativeNodes(user: number[], allowed: number[]): number[] {
  if (allowed.length === 0) return [];
  return uniqSorted(user.map((n) => allowed[n % allowed.length]));
}

/** do_set_mempolicy / do_mbind's policy part: mpol_new + mpol_set_nodemask */
export function mpolNew(mm: Mm, task: Task, mode: number, flags: number, userNodes: number[] | undefined, kind: 'mbind' | 'set_mempolicy'): MpolResult {
  const warnings: string[] = [];
  const user = uniqSorted(userNodes ?? []);
  const fail = (rule: string, errno = 'EINVAL'): MpolResult => ({ errno, rule, warnings });
  if (mode < 0 || mode > M.MPOL_WEIGHTED_INTERLEAVE) return fail(`mode ${mode} >= MPOL_MAX`);
  if (flags & F.MPOL_F_STATIC_NODES && flags & F.MPOL_F_RELATIVE_NODES) return fail('MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES together');
  if (flags & F.MPOL_F_NUMA_BALANCING && mode !== M.MPOL_BIND && mode !== M.MPOL_PREFERRED_MANY)
    return fail('MPOL_F_NUMA_BALANCING is only valid with MPOL_BIND or MPOL_PREFERRED_MANY');
  if (user.some((n) => n < 0 || n >= MAX_NUMNODES)) return fail(`a node id >= MAX_NUMNODES (${MAX_NUMNODES})`);
  const staticOrRelative = (flags & (F.MPOL_F_STATIC_NODES | F.MPOL_F_RELATIVE_NODES)) !== 0;
  if (mode === M.MPOL_DEFAULT) {
    if (user.length) return fail('MPOL_DEFAULT with a non-empty nodemask');
    return { policy: null, warnings };
  }
  if (mode === M.MPOL_PREFERRED && user.length === 0) {
    if (staticOrRelative) return fail('MPOL_PREFERRED with an empty mask and STATIC/RELATIVE');
    mode = M.MPOL_LOCAL;
  } else if (mode === M.MPOL_LOCAL) {
    if (user.length || staticOrRelative) return fail('MPOL_LOCAL takes no nodemask and no STATIC/RELATIVE flag');
  } else if (user.length === 0) return fail(`${MODE_NAMES[mode]} with an empty nodemask`);
  const cpusetMems = taskMems(mm, task);
  if (mode === M.MPOL_LOCAL) return { policy: { mode, flags, nodes: [], user, cpusetMems, private: false }, warnings };

  // mpol_set_nodemask: the user mask ∩ (cpuset mems ∩ the nodes user space may name)
  const visible = userVisibleMems(mm, task).filter((n) => {
    const node = mm.node(n);
    if (!node) return false;
    if (mm.design.userMasks === 'v4') return node.state === 'normal' || node.state === 'private';
    return node.state === 'normal' || (mm.design.userMasks === 'none' && node.state === 'spm');
  });
  let mask: number[];
  if (flags & F.MPOL_F_RELATIVE_NODES) mask = relativeNodes(user, visible);
  else mask = user.filter((n) => visible.includes(n));
  const dropped = user.filter((n) => !mask.includes(n) && !(flags & F.MPOL_F_RELATIVE_NODES));

  // v4: every private node left in the mask must have NP_OPS_MEMPOLICY
  let isPrivate = false;
  if (mm.design.userMasks === 'v4') {
    const priv = mask.filter((n) => mm.node(n)?.state === 'private');
    if (priv.length) {
      const lacking = priv.filter((n) => !(mm.node(n)!.ops && mm.node(n)!.ops!.flags & NP_OPS.NP_OPS_MEMPOLICY));
      if (lacking.length)
        return fail(`private node ${lacking.join(',')} has no NP_OPS_MEMPOLICY (mpol_set_nodemask refuses any mask naming it)`);
      isPrivate = true;
    }
  }
  if (mask.length === 0) {
    const why = dropped.length ? `nodes {${dropped.join(',')}} are not usable here` : 'empty';
    const clip =
      mm.design.userMasks === 'sysram'
        ? `the mask ∩ the task's sysram nodes {${visible.join(',')}} is empty (${why})`
        : `the mask ∩ the task's allowed nodes {${visible.join(',')}} is empty (${why})`;
    return fail(clip);
  }
  if (mode === M.MPOL_PREFERRED) mask = [mask[0]];
  const policy: Policy = { mode, flags, nodes: mask, user, cpusetMems, private: isPrivate };
  if (isPrivate) {
    const priv = mask.filter((n) => mm.node(n)?.state === 'private');
    if (kind === 'set_mempolicy') warnings.push(`a task policy names private node ${priv.join(',')}: every allocation of the task (page cache, slab) will see it`);
    if (mode !== M.MPOL_BIND) warnings.push(`${MODE_NAMES[mode]} with private node ${priv.join(',')}: only a single-node MPOL_BIND works well with private nodes`);
    else if (mask.length > 1) warnings.push(`MPOL_BIND {${mask.join(',')}} mixes private node ${priv.join(',')} with others: the nodemask filters the fallback list, so ${priv.length === mask.length ? 'only the first private node' : 'the private node'} may never be used`);
  }
  return { policy, warnings };
}

/** how a fault (or a page of one) is placed under a policy */
export type Plan =
  | { kind: 'single'; nid: number; nodemask?: number[]; why: string }
  | { kind: 'preferred_many'; nid: number; nodemask: number[]; why: string }
  | { kind: 'interleave'; cycle: number[]; why: string };

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
  if (!p || p.mode === M.MPOL_LOCAL || p.mode === M.MPOL_DEFAULT) return { kind: 'single', nid: local, why: p ? 'MPOL_LOCAL: local node' : 'default policy: local node' };
  switch (p.mode) {
    case M.MPOL_PREFERRED:
      return { kind: 'single', nid: p.home ?? p.nodes[0], why: `MPOL_PREFERRED: node ${p.nodes[0]} first, then its fallback list` };
    case M.MPOL_BIND: {
      // BIND's mask is ignored when it does not intersect the task's cpuset (cpuset_nodemask_valid_mems_allowed)
      const mems = taskMems(mm, task);
      if (!p.nodes.some((n) => mems.includes(n))) return { kind: 'single', nid: local, why: 'MPOL_BIND mask outside the cpuset: ignored' };
      let nid = p.home ?? local;
      let why = `MPOL_BIND {${p.nodes.join(',')}}: node ${nid}'s zonelist filtered by the mask`;
      if (p.private && p.home === undefined && !p.nodes.includes(nid)) {
        nid = p.nodes[0];
        why = `MPOL_BIND {${p.nodes.join(',')}} with MPOL_F_PRIVATE: preferred node redirected to first_node = ${nid}`;
      }
      return { kind: 'single', nid, nodemask: p.nodes, why };
    }
    case M.MPOL_PREFERRED_MANY:
      return { kind: 'preferred_many', nid: p.home ?? local, nodemask: p.nodes, why: `MPOL_PREFERRED_MANY {${p.nodes.join(',')}}: the mask without direct reclaim, then any node` };
    default:
      return { kind: 'interleave', cycle: interleaveCycle(mm, p), why: `${MODE_NAMES[p.mode]} {${p.nodes.join(',')}}: node = nodes[ilx % weight] with ilx = vaddr >> 12` };
  }
}

/** is a node allowed by the policy (for MPOL_MF_STRICT / queue_folios_pte_range) */
export function policyAllowsNode(p: Policy | undefined, nid: number, local: number): boolean {
  if (!p || p.mode === M.MPOL_LOCAL) return nid === local || true;
  if (p.mode === M.MPOL_PREFERRED) return p.nodes.includes(nid);
  return p.nodes.includes(nid);
}

/**
 * mpol_rebind_policy() on a cpuset.mems change (kernel-semantics §4.4). Returns a description
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
    return mm.design.userMasks === 'sysram' ? s === 'normal' : s === 'normal' || s === 'private';
  });
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
  if (mm.design.userMasks === 'v4') {
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

export function describePolicy(p: Policy | undefined | null): string {
  if (!p) return 'MPOL_DEFAULT';
  const fl = [p.flags & F.MPOL_F_STATIC_NODES ? 'STATIC' : '', p.flags & F.MPOL_F_RELATIVE_NODES ? 'RELATIVE' : '', p.private ? 'F_PRIVATE' : '']
    .filter(Boolean)
    .join('|');
  return `${MODE_NAMES[p.mode]}${fl ? `(${fl})` : ''}${p.nodes.length ? ` {${p.nodes.join(',')}}` : ''}`;
}
