/**
 * The design checker: combinations of choices that contradict each other (error) or
 * make a choice pointless (warning), reported at the choice that was written (at the
 * design's name when the offending choice is inherited through `extends`).
 */
import { Severity } from '../../common/diagnostics';
import { Span } from '../../common/span';
import { Design, DesignChoices, DesignDef } from '../ir';
import { CHOICE_KEY } from '../../vocab/designChoices';
import { GFP } from '../../vocab/gfp';

export interface DesignFinding {
  span: Span;
  message: string;
  severity: Severity;
}

interface Rule {
  /** the choice the finding belongs to */
  at: keyof DesignChoices;
  /** the other choices of the combination (the finding goes on one of them when `at` was inherited) */
  with: (keyof DesignChoices)[];
  severity: Severity;
  /** the message when the rule fires, else undefined */
  test: (d: Design) => string | undefined;
}

const has = (bits: number, flag: number) => (bits & flag) !== 0;

/** can any allocation reach the special node? (through a list, or a private zonelist it passes the gate of) */
function reachable(d: Design): boolean {
  const passes = (bits: number) => !d.gate || has(bits, d.gate);
  const viaPrivateZonelist = d.privateZonelist === 'unlock' && d.unlock !== 0 && passes(d.unlock);
  // a kernel caller may write any flag the gate names, so a list that holds the node is a way in
  const viaLists = d.normalLists === 'include' || d.ownFallback === 'self_then_normal' || d.ownFallback === 'self_only' || d.ownNofallback === 'self';
  // post-v4: a per-call zonelist selector or the node-private allocator is a way in too
  const viaCall = d.admits === 'private_zonelist' || d.admits === 'node_private';
  return viaPrivateZonelist || viaLists || viaCall;
}

const RULES: Rule[] = [
  {
    at: 'ownNofallback',
    with: ['ownFallback', 'normalLists', 'privateZonelist', 'unlock', 'gate', 'admits'],
    severity: 'error',
    test: (d) =>
      d.nodeState !== 'normal' && !reachable(d)
        ? 'no allocation can ever reach the special node: it is in no FALLBACK or NOFALLBACK list and no private zonelist leads to it (give it `own_nofallback self`, or `private_zonelist unlock` with an `unlock` flag)'
        : undefined,
  },
  {
    at: 'gate',
    severity: 'error',
    with: ['unlock'],
    test: (d) =>
      d.gate && d.unlock && !has(d.unlock, d.gate)
        ? 'the unlock flag does not pass the gate: a caller that means the special node (and every path that injects the flag) is still refused; add the unlock flag to the gate'
        : undefined,
  },
  {
    at: 'privateZonelist',
    with: ['unlock'],
    severity: 'warning',
    test: (d) => (d.privateZonelist === 'unlock' && !d.unlock ? 'pointless: with `unlock none` no request ever selects the private zonelist' : undefined),
  },
  {
    at: 'injects',
    with: ['unlock'],
    severity: 'warning',
    test: (d) => (d.injects.size && !d.unlock ? 'pointless: with `unlock none` there is no flag for these paths to add' : undefined),
  },
  {
    at: 'unlockBy',
    with: ['unlock'],
    severity: 'error',
    test: (d) =>
      d.unlock && d.unlockBy && d.unlockBy.size === 0
        ? 'an unlock flag no context may set: with `unlock_by none` the allocator clears it everywhere, so no caller can mean the special node (list the contexts that may, e.g. `unlock_by owner, task`, or write `unlock none`)'
        : undefined,
  },
  {
    at: 'unlockBy',
    with: ['unlock'],
    severity: 'warning',
    test: (d) => (!d.unlock && d.unlockBy && !(d.unlockBy.size === 1 && d.unlockBy.has('any')) ? 'pointless: with `unlock none` there is no flag whose contexts to restrict' : undefined),
  },
  {
    at: 'unlockBy',
    with: [],
    severity: 'warning',
    test: (d) => (d.unlockBy?.has('any') && d.unlockBy.size > 1 ? '`any` already means every context: the other contexts listed add nothing' : undefined),
  },
  {
    at: 'injects',
    with: ['unlockBy'],
    severity: 'warning',
    test: (d) => {
      if (!d.unlock || !d.unlockBy || d.unlockBy.has('any') || d.unlockBy.has('task')) return undefined;
      const taskPaths = [...d.injects].filter((p) => p === 'fault' || p === 'mbind_move');
      return taskPaths.length ? `pointless: ${taskPaths.join(' and ')} add the flag in task context, which \`unlock_by\` does not list (the allocator clears it again)` : undefined;
    },
  },
  {
    at: 'leak',
    with: ['unlock', 'nodeState'],
    severity: 'warning',
    test: (d) =>
      d.leak === 'without_unlock' && !d.unlock && d.nodeState !== 'normal'
        ? 'with `unlock none` no allocation can carry the unlock flag: every page that reaches the special node, even the driver\'s own, counts as a leak'
        : undefined,
  },
  {
    at: 'services',
    with: ['nodeState'],
    severity: 'error',
    test: (d) =>
      d.services === 'gated' && d.nodeState !== 'private'
        ? 'NP_OPS flags live in struct node_private, which only an N_MEMORY_PRIVATE node has: `services gated` needs `node_state N_MEMORY_PRIVATE` (use `open` or `closed`)'
        : undefined,
  },
  {
    at: 'migrateTargets',
    with: ['nodeState'],
    severity: 'error',
    test: (d) =>
      d.migrateTargets === 'driver' && d.nodeState !== 'private'
        ? 'the driver\'s migrate_to callback belongs to struct node_private: `migrate_targets driver` needs `node_state N_MEMORY_PRIVATE`'
        : undefined,
  },
  {
    at: 'userNodemasks',
    with: ['nodeState'],
    severity: 'warning',
    test: (d) =>
      (d.userNodemasks === 'require_op' || d.userNodemasks === 'trim_unopted' || d.userNodemasks === 'bind_only') && d.nodeState !== 'private'
        ? `pointless: \`${d.userNodemasks}\` asks for NP_OPS_MEMPOLICY, which only an N_MEMORY_PRIVATE node can have`
        : undefined,
  },
  {
    at: 'oomNodes',
    with: ['nodeState'],
    severity: 'warning',
    test: (d) => (d.oomNodes === 'ops_eligible' && d.nodeState !== 'private' ? 'pointless: `ops_eligible` reads NP_OPS flags, which only an N_MEMORY_PRIVATE node has' : undefined),
  },
  {
    at: 'gate',
    severity: 'warning',
    with: ['nodeState'],
    test: (d) => (d.nodeState === 'normal' && d.gate ? 'pointless: under `node_state N_MEMORY` no node is special, so the gate never applies' : undefined),
  },
  {
    at: 'nodeState',
    with: ['normalLists'],
    severity: 'warning',
    test: (d) =>
      d.nodeState === 'device' && d.normalLists === 'include' ? 'ZONE_DEVICE memory is outside the buddy allocator: `normal_lists include` cannot put it in a zonelist' : undefined,
  },
  {
    at: 'rebind',
    with: ['userNodemasks'],
    severity: 'warning',
    test: (d) =>
      d.rebind === 'sysram' && d.userNodemasks !== 'sysram'
        ? 'a policy may name a special node (user_masks is not sysram) that every cpuset rebind then drops: `rebind sysram` belongs with `user_masks sysram`'
        : undefined,
  },
];

export function checkDesign(def: DesignDef, base?: Design): DesignFinding[] {
  const out: DesignFinding[] = [];
  for (const r of RULES) {
    const msg = r.test(def.design);
    if (!msg) continue;
    // a finding an unchanged base already had is the base's, not this declaration's
    if (base && r.test(base) === msg && !def.choiceSpans[r.at]) continue;
    const written = [r.at, ...r.with].find((f) => def.choiceSpans[f]);
    const span = written ? def.choiceSpans[written]! : def.nameSpan;
    out.push({ span, message: written === r.at ? msg : `${msg} (\`${CHOICE_KEY[r.at]}\` comes from the base design)`, severity: r.severity });
  }
  return out;
}

/** GFP bits of the flags a design choice may name (used by hovers) */
export const CHOICE_FLAG_BITS = { __GFP_PRIVATE: GFP.__GFP_PRIVATE, __GFP_SPM_NODE: GFP.__GFP_SPM_NODE, __GFP_THISNODE: GFP.__GFP_THISNODE };
