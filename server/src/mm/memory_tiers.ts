/**
 * mm/memory-tiers.c: tiers (lower id = faster) and establish_demotion_targets().
 * Sources are N_MEMORY nodes (v4: private nodes never demote further: terminal
 * tier); candidates are N_MEMORY nodes plus, under the v4 family, private nodes
 * with NP_OPS_DEMOTION. SPM nodes are neither (spm_v2), ZONE_DEVICE memory has
 * no LRU. For a source in tier t: preferred = the candidates of the next lower
 * tier at minimum distance; allowed = every candidate of every lower tier.
 * next_demotion_node() picks randomly among preferred (seeded PRNG).
 */
import { NP_OPS } from '../vocab/npops';
import { Mm, NodeState } from './machine';
import { servicesGated } from './designs';

export interface DemotionTargets {
  preferred: number[];
  allowed: number[];
}

function isSource(mm: Mm, n: NodeState): boolean {
  return n.state === 'normal' && n.present > 0;
}

function isCandidate(mm: Mm, n: NodeState): boolean {
  if (n.present === 0) return false;
  if (n.state === 'normal') return true;
  if (n.state === 'private') return servicesGated(mm.design) && !!n.ops && (n.ops.flags & NP_OPS.NP_OPS_DEMOTION) !== 0;
  return false;
}

export function establishDemotionTargets(mm: Mm): Map<number, DemotionTargets> {
  const out = new Map<number, DemotionTargets>();
  const nodes = mm.sortedNodes();
  const candidates = nodes.filter((n) => isCandidate(mm, n));
  for (const src of nodes) {
    if (!isSource(mm, src)) continue;
    const lower = candidates.filter((c) => c.tier > src.tier && c.id !== src.id);
    if (lower.length === 0) continue;
    const nextTier = Math.min(...lower.map((c) => c.tier));
    const tierNodes = lower.filter((c) => c.tier === nextTier);
    const best = Math.min(...tierNodes.map((c) => mm.distance(src.id, c.id)));
    out.set(src.id, {
      preferred: tierNodes.filter((c) => mm.distance(src.id, c.id) === best).map((c) => c.id),
      allowed: lower.map((c) => c.id),
    });
  }
  return out;
}

export function demotionTargets(mm: Mm, nid: number): DemotionTargets | undefined {
  if (!mm.demotionCache) mm.demotionCache = establishDemotionTargets(mm);
  return mm.demotionCache.get(nid);
}

export function nextDemotionNode(mm: Mm, nid: number): number | undefined {
  const t = demotionTargets(mm, nid);
  if (!t || t.preferred.length === 0) return undefined;
  if (t.preferred.length === 1) return t.preferred[0];
  return t.preferred[Math.floor(mm.random() * t.preferred.length)];
}

/** the node's service says migration is blocked (np->migration_blocked: CRAM at pressure 1000) */
export function migrationBlocked(mm: Mm, nid: number): boolean {
  const n = mm.node(nid);
  return !!n?.service?.migrationBlocked?.(nid);
}

/** can_demote(): demotion enabled, a target exists, and (v4) the target is not migration_blocked */
export function canDemote(mm: Mm, nid: number): { ok: boolean; why: string; target?: number } {
  if (!mm.sysctl('vm.demotion_enabled')) return { ok: false, why: 'vm.demotion_enabled = 0' };
  const target = nextDemotionNode(mm, nid);
  if (target === undefined) return { ok: false, why: `node ${nid} has no demotion target` };
  if (migrationBlocked(mm, target)) return { ok: false, why: `demotion target node ${target} is migration_blocked`, target };
  return { ok: true, why: '', target };
}
