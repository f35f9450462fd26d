/**
 * What each argument position of a call means, derived from the call signature
 * table (vocab/calls.ts), for the editor features that depend on context
 * (completion, semantic tokens, node references, hovers, signature help).
 */
import { ArgKind, CALL_TABLE, CallSpec, ParamSpec } from '../vocab/calls';
import { Arg, CallExpr } from '../syntax/ast';

export type Role = ArgKind;

/** Calls whose statement places, moves or frees pages (inlay hints show where). */
export const PLACING_CALLS = new Set([
  'touch', 'read', 'write', 'move_pages', 'migrate_pages', 'madvise', 'pin', 'mlock',
  'alloc_pages_node', 'alloc_pages', 'kmalloc_node', 'kvzalloc_node', 'kswapd', 'reclaim', 'numa_balancing_scan', 'offline_node', 'compact',
]);

export function callSpec(name: string): CallSpec | undefined {
  return CALL_TABLE.get(name);
}

/**
 * The parameter an argument binds to: named args by name, positional args in
 * order among the positional (non-named) parameters.
 */
export function paramFor(callee: string, positionalIndex: number, named?: string): ParamSpec | undefined {
  const spec = CALL_TABLE.get(callee);
  if (!spec) return undefined;
  if (named !== undefined) return spec.params.find((p) => p.name === named);
  const positional = spec.params.filter((p) => !p.named);
  return positional[positionalIndex];
}

export function rolesAt(callee: string, positionalIndex: number, named?: string): Role[] {
  const p = paramFor(callee, positionalIndex, named);
  return p ? [p.kind] : [];
}

/** The parameter of each argument of a call expression (undefined where none matches). */
export function argParams(call: CallExpr): { arg: Arg; param?: ParamSpec; index: number }[] {
  let pos = 0;
  return call.args.map((arg) => {
    if (arg.name) return { arg, param: paramFor(call.callee.name, 0, arg.name.name), index: -1 };
    const index = pos++;
    return { arg, param: paramFor(call.callee.name, index), index };
  });
}

export const FOR_EACH_MACROS = ['for_each_node', 'for_each_online_node', 'for_each_node_state'];
