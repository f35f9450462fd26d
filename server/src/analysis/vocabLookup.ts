/**
 * One place that finds a kernel or language name in the vocabulary tables and
 * renders its one-or-two-line explanation (hover, completion documentation).
 * Inferred facts are marked as such (kernel-rules.md [INF]).
 */
import { DIAGNOSTIC_CODES, isDiagnosticCode } from '../common/diagnostics';
import { DesignName } from '../model/ir';
import { CALL_TABLE, signatureLabel } from '../vocab/calls';
import { DESIGN_DOCS, isDesignName } from '../vocab/designs';
import { Provenance } from '../vocab/entry';
import { CAP_TABLE, capName } from '../vocab/caps';
import { ERRNO_TABLE } from '../vocab/errno';
import { GFP_TABLE } from '../vocab/gfp';
import { KEYWORD_TABLE } from '../vocab/keywords';
import { MADV_TABLE } from '../vocab/madv';
import { MPOL_TABLE } from '../vocab/mpol';
import { CALLBACK_TABLE, NODE_ATTR_TABLE, NODE_KIND_TABLE, NODE_STATE_TABLE } from '../vocab/nodekinds';
import { NP_OPS_TABLE, npOpsName } from '../vocab/npops';
import { findSysctl } from '../vocab/sysctl';
import { VMSTAT_TABLE } from '../vocab/vmstat';

export type VocabKind =
  | 'gfp'
  | 'mpol'
  | 'madv'
  | 'npops'
  | 'cap'
  | 'errno'
  | 'vmstat'
  | 'sysctl'
  | 'design'
  | 'call'
  | 'keyword'
  | 'nodeKind'
  | 'nodeAttr'
  | 'callback'
  | 'nodeState'
  | 'code';

export interface VocabHit {
  kind: VocabKind;
  name: string;
  /** a short heading (`GFP flag`, the call signature...) */
  title: string;
  doc: string;
  source?: Provenance;
  designs?: readonly string[];
}

const KIND_TITLE: Record<VocabKind, string> = {
  gfp: 'GFP flag',
  mpol: 'mempolicy',
  madv: 'madvise advice',
  npops: 'NP_OPS flag',
  cap: 'node capability',
  errno: 'errno',
  vmstat: 'vmstat counter',
  sysctl: 'sysctl',
  design: 'design',
  call: 'call',
  keyword: 'keyword',
  nodeKind: 'node kind',
  nodeAttr: 'node attribute',
  callback: 'node_private_ops callback',
  nodeState: 'node state',
  code: 'diagnostic code',
};

export function sourceNote(source?: Provenance): string {
  switch (source) {
    case 'inferred':
      return '*Inferred: not read from kernel code.*';
    case 'v4':
      return '*From the private-node RFC v4 series.*';
    case 'v2':
      return '*From the SPM v2 series.*';
    case 'v5':
      return '*From the post-v4 private-node code (RFC v5 era).*';
    case 'thread':
      return '*Inferred: described on the mailing list, no code was read.*';
    case 'mmlab':
      return '*mmlab modelling construct.*';
    default:
      return '';
  }
}

/**
 * Looks a name up. `prefer` orders the tables when a word is in several (e.g.
 * `free` is a metric and a keyword-ish word; `ratio` a node attribute and a helper).
 */
export function lookupVocab(name: string, prefer: VocabKind[] = []): VocabHit | undefined {
  const finders: Record<VocabKind, () => VocabHit | undefined> = {
    gfp: () => entry('gfp', GFP_TABLE.get(name)),
    mpol: () => entry('mpol', MPOL_TABLE.get(name)),
    madv: () => entry('madv', MADV_TABLE.get(name)),
    npops: () => entry('npops', NP_OPS_TABLE.get(npOpsName(name)), name.startsWith('NP_OPS_') || /^[A-Z_]+$/.test(name)),
    cap: () => {
      const c = CAP_TABLE.get(capName(name));
      return c && { kind: 'cap', name: c.name, title: `node capability \`${c.name}\``, doc: `${c.doc} Source: ${c.cite}.`, source: c.source };
    },
    errno: () => entry('errno', ERRNO_TABLE.get(name)),
    vmstat: () => {
      const e = VMSTAT_TABLE.get(name);
      return e && { kind: 'vmstat', name, title: `vmstat \`${name}\``, doc: e.doc, source: e.source };
    },
    sysctl: () => {
      const e = findSysctl(name);
      if (!e) return undefined;
      const range = e.kind === 'enum' ? ` (${e.values?.join(' | ')})` : e.min !== undefined ? ` (${e.min}..${e.max})` : '';
      return { kind: 'sysctl', name, title: `sysctl \`${name}\`${range}${e.path ? ` — ${e.path}` : ''}`, doc: e.doc, source: e.source };
    },
    design: () => (isDesignName(name) ? { kind: 'design', name, title: `design \`${name}\``, doc: DESIGN_DOCS[name as DesignName] } : undefined),
    call: () => {
      const c = CALL_TABLE.get(name);
      return c && { kind: 'call', name, title: `\`${signatureLabel(c)}\``, doc: c.doc, source: c.source };
    },
    keyword: () => {
      const k = KEYWORD_TABLE.get(name);
      return k && { kind: 'keyword', name, title: `\`${k.syntax}\``, doc: k.doc };
    },
    nodeKind: () => {
      const k = NODE_KIND_TABLE.get(name);
      return k && { kind: 'nodeKind', name, title: `node kind \`${name}\` (default tier ${k.defaultTier})`, doc: k.doc };
    },
    nodeAttr: () => {
      const a = NODE_ATTR_TABLE.get(name);
      return a && { kind: 'nodeAttr', name, title: `node attribute \`${a.syntax}\``, doc: a.doc };
    },
    callback: () => {
      const c = CALLBACK_TABLE.get(name);
      return c && { kind: 'callback', name, title: `\`${c.signature}\``, doc: c.doc, source: c.source };
    },
    nodeState: () => {
      const s = NODE_STATE_TABLE.get(name);
      return s && { kind: 'nodeState', name, title: `node state \`${name}\``, doc: s.doc, source: s.source };
    },
    code: () =>
      isDiagnosticCode(name)
        ? { kind: 'code', name, title: `diagnostic \`${name}\` (${DIAGNOSTIC_CODES[name].severity})`, doc: DIAGNOSTIC_CODES[name].summary }
        : undefined,
  };
  const order: VocabKind[] = [...prefer, 'gfp', 'mpol', 'madv', 'npops', 'cap', 'errno', 'call', 'keyword', 'design', 'nodeKind', 'nodeAttr', 'callback', 'nodeState', 'vmstat', 'sysctl', 'code'];
  for (const k of order) {
    const hit = finders[k]();
    if (hit) return hit;
  }
  return undefined;
}

function entry(kind: VocabKind, e: { name: string; doc: string; source: Provenance; designs?: readonly string[] } | undefined, ok = true): VocabHit | undefined {
  if (!e || !ok) return undefined;
  return { kind, name: e.name, title: `${KIND_TITLE[kind]} \`${e.name}\``, doc: e.doc, source: e.source, designs: e.designs };
}

export function renderVocab(hit: VocabHit): string {
  const parts = [`**${hit.title}**`, '', hit.doc];
  const notes: string[] = [];
  const src = sourceNote(hit.source);
  if (src) notes.push(src);
  if (hit.designs?.length) notes.push(`*Exists under: ${hit.designs.join(', ')}.*`);
  if (notes.length) parts.push('', notes.join(' '));
  return parts.join('\n');
}
