/**
 * Hover inside a design declaration, and on a design's name anywhere: what a choice
 * decides, what the value written stands for in kernel code and where that comes from,
 * and what the design resolves to (its base and the choices it changes).
 */
import { DesignDef, Program } from '../model/ir';
import { CHOICE_BY_KEY, CHOICE_FIELD, CHOICE_GFP_FLAGS, CHOICE_KEY, DESIGN_CHOICES } from '../vocab/designChoices';
import { GFP } from '../vocab/gfp';
import { DesignChoice, DesignDecl } from '../syntax/ast';
import { Token } from '../syntax/tokens';
import { AnyNode } from './tree';

/** markdown for the identifier `tok` when it is part of a design declaration or names a design; else undefined */
export function designHover(program: Program, path: AnyNode[], tok: Token): string | undefined {
  const choice = [...path].reverse().find((n) => n.kind === 'DesignChoice') as DesignChoice | undefined;
  if (choice) {
    const spec = CHOICE_BY_KEY.get(choice.name.name);
    if (!spec) return undefined;
    if (tok.span.start === choice.name.span.start) {
      const values = spec.values.map((v) => `- \`${v.name}\`: ${v.doc}`).join('\n');
      return `**design choice \`${spec.key}\`**: ${spec.doc}\n\n${values}`;
    }
    if (tok.text === 'inferred') return '`inferred`: this choice is mmlab\'s reading, not read kernel code; explain lines and reports that rest on it are marked.';
    const value = spec.values.find((v) => v.name === tok.text);
    if (value) return `**\`${spec.key} ${value.name}\`**: ${value.doc}.\n\nKernel code: ${value.kernel}.`;
    return undefined;
  }
  const decl = path.find((n) => n.kind === 'Design') as DesignDecl | undefined;
  const named = decl && (tok.span.start === decl.name.span.start || tok.span.start === decl.extends?.base.span.start);
  const def = program.designs[tok.text];
  if (!def || (decl && !named)) return undefined;
  return describeDesign(def, program);
}

/**
 * The designs of the program that give the GFP flags `bits` a meaning, read from their choices
 * (never a list by name): `gate` (the zone walk lets a request carrying the flag use a special
 * node) and `unlock` (the flag says the caller means the special node: the leak test, the paths
 * that inject it, the private zonelist). A role whose choice is declared `inferred` says so.
 */
export function designsHonouring(program: Program, bits: number): { name: string; roles: string[] }[] {
  const out: { name: string; roles: string[] }[] = [];
  for (const def of Object.values(program.designs)) {
    const d = def.design;
    if (d.nodeState === 'normal') continue; // no special node: no choice of it applies
    const roles: string[] = [];
    if (d.gate & bits) roles.push(d.inferred.has('gate') ? 'gate, inferred' : 'gate');
    if (d.unlock & bits) roles.push(d.inferred.has('unlock') ? 'unlock, inferred' : 'unlock');
    if (roles.length) out.push({ name: def.name, roles });
  }
  return out;
}

/** the hover paragraph of a GFP flag that some design choice names (__GFP_PRIVATE, __GFP_SPM_NODE) */
export function honouredBy(program: Program, bits: number): string {
  const ds = designsHonouring(program, bits);
  if (!ds.length) return '*No design of this file honours it: under every one it changes nothing.*';
  return `*Honoured by (read from each design's choices): ${ds.map((d) => `\`${d.name}\` (${d.roles.join('; ')})`).join(', ')}. gate: the zone walk lets a request carrying it use a special node; unlock: it says the caller means that node (leak test, injected paths, private zonelist). Under the other designs it changes nothing.*`;
}

/** a design as a hover says it: origin, comment, base, and each choice that differs from the base */
export function describeDesign(def: DesignDef, program: Program): string {
  const where = def.origin === 'prelude' ? 'built-in' : def.origin === 'workspace' ? 'declared in the workspace\'s designs.mmlab' : 'declared in this file';
  const lines = [`**design \`${def.name}\`** (${where}${def.base ? `, extends \`${def.base}\`` : ''})`];
  if (def.doc) lines.push('', def.doc);
  const base = def.base ? program.designs[def.base]?.design : undefined;
  const rows = designChoiceRows(def, program).map((r) => `| \`${r.key}\` | ${r.value}${r.inferred ? ' (inferred)' : ''} |`);
  if (rows.length) lines.push('', base ? `Changes from \`${def.base}\`:` : 'Choices:', '', '| choice | value |', '| --- | --- |', ...rows);
  return lines.join('\n');
}

/** the choices a declaration writes (all of them when it extends nothing), as text */
export function designChoiceRows(def: DesignDef, program: Program): { key: string; value: string; inferred: boolean }[] {
  const base = def.base ? program.designs[def.base]?.design : undefined;
  const rows: { key: string; value: string; inferred: boolean }[] = [];
  for (const spec of DESIGN_CHOICES) {
    const field = CHOICE_FIELD[spec.key as keyof typeof CHOICE_FIELD];
    if (base && !def.choiceSpans[field]) continue;
    rows.push({ key: spec.key, value: valueText(def, field), inferred: def.design.inferred.has(field) });
  }
  return rows;
}

const NODE_STATE_NAMES: Record<string, string> = { normal: 'N_MEMORY', private: 'N_MEMORY_PRIVATE', spm: 'SPM', device: 'ZONE_DEVICE' };

function valueText(def: DesignDef, field: keyof DesignDef['design']): string {
  const v = def.design[field];
  // an optional choice the declaration (and its bases) never gave: its default
  if (v === undefined) return CHOICE_BY_KEY.get(CHOICE_KEY[field])?.optional ?? 'none';
  if (field === 'nodeState') return NODE_STATE_NAMES[v as string] ?? String(v);
  if (v instanceof Set) return v.size ? [...v].join(', ') : 'none';
  if (typeof v === 'number') return gfpText(v);
  return String(v);
}

function gfpText(bits: number): string {
  if (!bits) return 'none';
  const names = CHOICE_GFP_FLAGS.filter((n) => bits & GFP[n]);
  return names.length ? names.join(' \\| ') : `0x${bits.toString(16)}`;
}
