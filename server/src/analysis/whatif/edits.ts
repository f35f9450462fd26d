/**
 * Text edits for what-if variants. A variant is the base file with a few edits applied, so it can
 * be printed, saved and opened like any scenario; the edits are built from the syntax tree, whose
 * spans are exact.
 */
import { Expr } from '../../syntax/ast';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Apply non-overlapping edits (any order). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The operand names of a flags expression (`A | B` or a single `A`); undefined for anything else. */
export function flagNames(e: Expr | undefined): string[] | undefined {
  if (!e) return undefined;
  if (e.kind === 'Ident') return [e.name];
  if (e.kind === 'Flags' && e.operands.every((o) => o.kind === 'Ident')) return e.operands.map((o) => (o as { name: string }).name);
  return undefined;
}

/**
 * The edit that adds or removes `flag` in the flags expression `e`: undefined when removing it
 * would leave nothing (the caller decides what an empty set means there).
 */
export function toggleFlag(e: Expr, flag: string): { edit: Edit; added: boolean } | undefined {
  const names = flagNames(e);
  if (!names) return undefined;
  const has = names.includes(flag);
  const next = has ? names.filter((n) => n !== flag) : [...names, flag];
  if (!next.length) return undefined;
  return { edit: { start: e.span.start, end: e.span.end, text: next.join(' | ') }, added: !has };
}

const UNITS: [string, number][] = [
  ['T', 2 ** 40],
  ['G', 2 ** 30],
  ['M', 2 ** 20],
  ['K', 2 ** 10],
];

/** A size literal for `bytes` the parser reads back exactly: the largest unit that divides it. */
export function sizeLiteral(bytes: number): string {
  for (const [u, n] of UNITS) if (bytes >= n && bytes % n === 0) return `${bytes / n}${u}`;
  return String(bytes);
}
