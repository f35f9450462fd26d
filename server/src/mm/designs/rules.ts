/**
 * The questions the emulator asks a design, each answered from its choices alone.
 * Kept here so that the mm/ files read as kernel code: `specialNode(mm.design, n)`
 * rather than a test of how a particular series marks its nodes.
 */
import { formatGfp } from '../gfp';
import { Design, DesignNode } from './design';

/** is this node the design's special node (N_MEMORY_PRIVATE, SPM, ZONE_DEVICE) rather than ordinary memory? */
export function specialNode(d: Design, n: Pick<DesignNode, 'state'>): boolean {
  return d.nodeState !== 'normal' && n.state === d.nodeState;
}

/** the per-zone filter of the zone walk (numa_zone_alloc_allowed / mt_node_allowed): why the zone is skipped, or undefined */
export function zoneGate(d: Design, n: Pick<DesignNode, 'state'>, gfp: number): string | undefined {
  if (!d.gate || !specialNode(d, n) || gfp & d.gate) return undefined;
  if (n.state === 'device') return 'ZONE_DEVICE memory is not in the buddy allocator (managed_pages = 0)';
  const want = flagNames(d.gate).join(' or ');
  const why = n.state === 'spm' ? `SPM node, no ${want}` : `no ${want}`;
  return d.inferred.has('gate') ? `${why} [inferred]` : why;
}

/** each flag of a mask by its own name, highest bit first (GFP_PRIVATE is two flags here) */
function flagNames(bits: number): string[] {
  const out: string[] = [];
  for (let b = 31; b >= 0; b--) if (bits & (1 << b)) out.push(formatGfp(1 << b));
  return out;
}

/** a cpuset neither grants nor denies this node (the design's `cpuset` is `ignores` and the node is private) */
export function cpusetIgnores(d: Design, n: Pick<DesignNode, 'state'> | undefined): boolean {
  return d.cpuset === 'ignores' && n?.state === 'private';
}

/** is this declared node private from boot through the command line (`private_node=`, refused for a CPU node)? */
export function bootPrivate(d: Design, decl: { bootPrivate?: boolean; cpus: readonly number[] }): boolean {
  return d.bootParam === 'private_node' && !!decl.bootPrivate && decl.cpus.length === 0;
}

/** the unlock flag by name (the first, when several), for explain lines and what-if variants */
export function unlockFlagName(d: Design): string | undefined {
  return d.unlock ? formatGfp(d.unlock & -d.unlock) : undefined;
}

/** A page landed on a node: is it a leak under this design? reason or undefined */
export function leakReason(d: Design, n: Pick<DesignNode, 'state'>, gfp: number, serviceRight: boolean): string | undefined {
  if (d.leak === 'never' || serviceRight || !specialNode(d, n) || gfp & d.unlock) return undefined;
  const flag = d.unlock ? formatGfp(d.unlock) : 'unlock flag';
  // a gate that is exactly the unlock flag refused everything else: the page came in some other way
  return d.gate === d.unlock ? `allocation without ${flag}` : `no ${flag} (soft isolation has no gate: the node was named explicitly or by a nodemask)`;
}

/** do a special node's NP_OPS flags decide whether mm services act on it (gated, or closed with no ops at all)? */
export function servicesGated(d: Design): boolean {
  return d.services !== 'open';
}

/** may a driver register node_private ops on the special node? */
export function opsRegistered(d: Design): boolean {
  return d.services === 'gated' && d.nodeState === 'private';
}

/** the GFP bits a kernel path adds on its own, per the design's `injects` choice */
export function injected(d: Design, path: 'fault' | 'mbind_move' | 'zswap' | 'hotplug'): number {
  return d.injects.has(path) ? d.unlock : 0;
}

/** where an allocation is made, as far as `unlock_by` asks (mm/page_alloc.ts fills it from the request) */
export interface AllocSite {
  /** the device whose driver code makes it (a driver block, outside an interrupt) */
  driver?: string;
  /** the device that owns the request's preferred node, if any */
  nodeOwner?: string;
  interrupt?: boolean;
  /** made in a task's context (a fault, a syscall) */
  task?: boolean;
}

/**
 * Does the unlock flag count where this allocation is made (`unlock_by`)? Undefined: yes;
 * else why not (the allocator clears the flag before the zone walk).
 */
export function unlockRefused(d: Design, site: AllocSite): string | undefined {
  const by = d.unlockBy;
  if (!by || by.has('any') || !d.unlock) return undefined;
  const where = site.interrupt ? 'interrupt' : site.driver !== undefined ? 'driver' : site.task ? 'task' : 'kernel';
  if (by.has(where)) return undefined;
  if (where === 'driver' && by.has('owner') && site.nodeOwner === site.driver) return undefined;
  const allowed = by.size ? [...by].join(', ') : 'no context';
  const ctx = where === 'driver' ? `device ${site.driver}'s driver${by.has('owner') ? ` (node owned by ${site.nodeOwner === undefined ? 'no device' : `device ${site.nodeOwner}`})` : ''}` : where === 'task' ? 'task context' : where === 'interrupt' ? 'interrupt context' : 'generic kernel code';
  return `${flagNames(d.unlock).join(' | ')} cleared: it counts only in ${allowed} (unlock_by), not in ${ctx}${d.inferred.has('unlockBy') ? ' [inferred]' : ''}`;
}

/** does a request walk the design's ZONELIST_PRIVATE? */
export function usesPrivateZonelist(d: Design, gfp: number): boolean {
  return d.privateZonelist === 'unlock' && d.unlock !== 0 && (gfp & d.unlock) !== 0;
}
