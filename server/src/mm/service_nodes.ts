/**
 * Leaf helpers of the service interface (no ServiceApi, so outside the mm core's cycle): which
 * service a node is bound to, and the compression ratio data lands with on a node.
 */
import { Mm, NodeState } from './machine';
import { serviceFactoryFor } from './node_private';

/** a registered service for the node's kind, if any (run/ wires e.g. cram -> mm/cram.ts) */
export function bindService(mm: Mm, n: NodeState): void {
  if (n.service || !n.privateDecl) return;
  const factory = serviceFactoryFor(n.kind);
  if (factory) n.service = factory(n.id);
}

/** ratio 0 = data written with no data= profile: the node's default (the device's current ratio) */
export function resolveRatio(mm: Mm, nid: number, ratio: number): number {
  if (ratio > 0) return ratio;
  const n = mm.node(nid);
  return n?.service?.defaultRatio?.(nid) ?? n?.decl?.ratio ?? 2;
}
