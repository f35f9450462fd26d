/**
 * One-change variants of a scenario (`mmlab explore`): every single change of the kinds a
 * reviewer asks about, each a valid file built by editing the source text at syntax-tree spans.
 *   - toggle each NP_OPS flag of each private node
 *   - add/remove __GFP_PRIVATE, __GFP_THISNODE and the design's unlock flag on each allocation
 *   - each other policy mode, and each mode flag and mbind flag toggled, on each mbind
 *   - each other design (a `design` line)
 *   - halve / double each node's size
 */
import { DesignName, DESIGNS, Program } from '../../model/ir';
import { MPOL_MF, MPOL_MODE, MPOL_MODE_FLAG } from '../../vocab/mpol';
import { NP_OPS } from '../../vocab/npops';
import { unlockFlagName } from '../../mm/designs';
import { builtinDesigns } from '../../model/designs/builtins';
import { CallExpr, Expr, NodeDecl, SourceFile } from '../../syntax/ast';
import { argParams } from '../argRoles';
import { walkNodes, AnyNode } from '../tree';
import { applyEdits, Edit, flagNames, sizeLiteral, toggleFlag } from './edits';

export type VariantKind = 'np_ops' | 'gfp' | 'mbind' | 'design' | 'node_size';

export interface Variant {
  id: string;
  kind: VariantKind;
  /** what the change is, in words: "add __GFP_THISNODE on line 17" */
  label: string;
  /** 1-based line of the change (0 for a design) */
  line: number;
  edits: Edit[];
  /** the design the variant runs under */
  design: DesignName;
}

export interface VariantSource {
  text: string;
  file: SourceFile;
  lineOf: (offset: number) => number;
  /** the design of the base run */
  design: DesignName;
  /** where the file's `design` line names its design, if it has one */
  designSpan?: { start: number; end: number };
  /** the span of `scenario "…"`, to put a new design line after it */
  scenarioEnd?: number;
  /** designs to try (default: all) */
  designs?: readonly DesignName[];
  /** the designs the file can run under (the prelude's, the workspace's, its own): the unlock flag comes from there */
  designDefs?: Program['designs'];
}

const ALLOC_FLAGS = ['__GFP_PRIVATE', '__GFP_THISNODE'];

export function oneChangeVariants(src: VariantSource): Variant[] {
  const out: Variant[] = [];
  const add = (kind: VariantKind, label: string, at: number, edits: Edit[], design = src.design) => {
    const line = at < 0 ? 0 : src.lineOf(at);
    out.push({ id: `${kind}:${out.length}`, kind, label: at < 0 ? label : `${label} (line ${line})`, line, edits, design });
  };
  const own = (src.designDefs ?? builtinDesigns())[src.design];
  const unlock = own ? unlockFlagName(own.design) : undefined;
  const allocFlags = unlock && !ALLOC_FLAGS.includes(unlock) ? [...ALLOC_FLAGS, unlock] : ALLOC_FLAGS;
  for (const item of src.file.items) if (item.kind === 'NodeDecl') nodeVariants(item, add);
  walkNodes(src.file as AnyNode, (n) => {
    if (n.kind !== 'Call') return;
    const call = n as unknown as CallExpr;
    for (const { arg, param } of argParams(call)) {
      if (param?.kind === 'gfp') {
        for (const f of allocFlags) {
          const t = toggleFlag(arg.value, f);
          if (t) add('gfp', `${t.added ? 'add' : 'remove'} ${f} on ${call.callee.name}`, arg.span.start, [t.edit]);
        }
      } else if (param?.kind === 'mpol_mode' && call.callee.name === 'mbind') {
        modeVariants(call.callee.name, arg.value, add);
      } else if (param?.kind === 'mpol_mf' && call.callee.name === 'mbind') {
        for (const f of Object.keys(MPOL_MF)) {
          const t = arg.value.kind === 'Number' && arg.value.value === 0 ? { edit: { ...arg.value.span, text: f }, added: true } : toggleFlag(arg.value, f);
          if (t) add('mbind', `${t.added ? 'add' : 'remove'} ${f} on mbind`, arg.span.start, [t.edit]);
        }
      }
    }
    // an mbind without its flags argument: add each flag as the fourth argument
    if (call.callee.name === 'mbind' && call.args.length === 3 && !call.args.some((a) => a.name) && call.closed) {
      const end = call.args[2].span.end;
      for (const f of Object.keys(MPOL_MF)) add('mbind', `add ${f} on mbind`, end, [{ start: end, end, text: `, ${f}` }]);
    }
  });
  for (const d of src.designs ?? DESIGNS) {
    if (d === src.design) continue;
    const edit: Edit = src.designSpan
      ? { ...src.designSpan, text: d }
      : src.scenarioEnd !== undefined
        ? { start: src.scenarioEnd, end: src.scenarioEnd, text: `\ndesign ${d}` }
        : { start: 0, end: 0, text: `design ${d}\n` };
    add('design', `design ${d} instead of ${src.design}`, -1, [edit], d);
  }
  return out;
}

type Add = (kind: VariantKind, label: string, at: number, edits: Edit[]) => void;

function nodeVariants(n: NodeDecl, add: Add): void {
  const id = n.id.kind === 'Number' ? n.id.value : undefined;
  const name = id === undefined ? 'the node' : `node ${id}`;
  if (n.size.kind === 'Number' && n.size.value > 0) {
    const bytes = n.size.value;
    if (bytes / 2 >= 4096 && (bytes / 2) % 4096 === 0) add('node_size', `${name} ${sizeLiteral(bytes / 2)} instead of ${n.size.text}`, n.size.span.start, [{ ...n.size.span, text: sizeLiteral(bytes / 2) }]);
    add('node_size', `${name} ${sizeLiteral(bytes * 2)} instead of ${n.size.text}`, n.size.span.start, [{ ...n.size.span, text: sizeLiteral(bytes * 2) }]);
  }
  if (!n.attrs.some((a) => a.name.name === 'private')) return;
  const ops = n.attrs.find((a) => a.name.name === 'ops');
  const value = ops?.args[0]?.value;
  const written = flagNames(value)?.map(canonicalOp);
  for (const flag of Object.keys(NP_OPS)) {
    if (!ops || !value || !written) {
      const at = n.span.end;
      add('np_ops', `${name}: add ops ${flag}`, at, [{ start: at, end: at, text: ` ops ${flag}` }]);
      continue;
    }
    const has = written.includes(flag);
    const kept = (flagNames(value) ?? []).filter((w) => canonicalOp(w) !== flag);
    const edit: Edit = has
      ? kept.length
        ? { ...value.span, text: kept.join(' | ') }
        : { start: ops.span.start, end: ops.span.end, text: '' }
      : { ...value.span, text: [...(flagNames(value) ?? []), flag].join(' | ') };
    add('np_ops', `${name}: ${has ? 'remove' : 'add'} ${flag}`, ops.span.start, [edit]);
  }
}

/** `MIGRATION` and `NP_OPS_MIGRATION` are the same flag (the prefix is optional) */
function canonicalOp(name: string): string {
  return name.startsWith('NP_OPS_') ? name : `NP_OPS_${name}`;
}

function modeVariants(callee: string, value: Expr, add: Add): void {
  const names = flagNames(value);
  if (!names) return;
  const modes = Object.keys(MPOL_MODE);
  const mode = names.find((n) => modes.includes(n));
  const rest = names.filter((n) => n !== mode);
  if (mode) {
    for (const m of modes) {
      if (m !== mode) add('mbind', `${m} instead of ${mode} on ${callee}`, value.span.start, [{ ...value.span, text: [m, ...rest].join(' | ') }]);
    }
  }
  for (const f of Object.keys(MPOL_MODE_FLAG)) {
    const t = toggleFlag(value, f);
    if (t) add('mbind', `${t.added ? 'add' : 'remove'} ${f} on ${callee}`, value.span.start, [t.edit]);
  }
}

export function variantText(base: string, v: Variant): string {
  return applyEdits(base, v.edits);
}
