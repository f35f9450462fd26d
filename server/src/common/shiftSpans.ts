/**
 * Copies of syntax trees, IR and diagnostics with their text positions moved, for the incremental
 * analysis (analysis/incrementalStatic.ts): an edit moves every position after it, and the parts
 * of the old analysis after the edit are reused as such copies. Copies, never changes in place:
 * an older analysis (read by the editor's features and by run/incremental.ts) keeps its objects.
 *
 * A text span is an object of exactly the numbers `start` and `end` (the convention every layer
 * keeps: run/incremental.ts moves run results by the same rule). Byte ranges of the IR have a
 * third key (`kind`) and are never taken for one.
 */

import { sameKeysLiteral } from './literals';

/** an object of exactly two keys, `start` and `end`, both numbers */
export function isTextSpan(r: Record<string, unknown>): boolean {
  if (typeof r.start !== 'number' || typeof r.end !== 'number') return false;
  let n = 0;
  for (const _ in r) if (++n > 2) return false;
  return true;
}

/** the common prefix and suffix of two texts: the old [p, q) is the new [p, q + delta) */
export function editBetween(a: string, b: string): { p: number; q: number; delta: number } {
  const n = Math.min(a.length, b.length);
  // whole chunks first: comparing two slices of a flat string is one native compare of their
  // characters, where a loop over charCodeAt pays per character (an edit of a 200 KB text compares
  // nearly all of it). The chunk doubles after each equal one and halves after an unequal one
  // (down to CHUNK): a few dozen slices for a long text, not one per 256 characters
  let p = 0;
  for (let len = CHUNK; p + CHUNK <= n; ) {
    const l = Math.min(len, n - p);
    if (a.slice(p, p + l) === b.slice(p, p + l)) {
      p += l;
      len = l * 2;
    } else if (l <= CHUNK) break;
    else len = Math.max(CHUNK, l >> 1);
  }
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  for (let len = CHUNK; s + CHUNK <= n - p; ) {
    const l = Math.min(len, n - p - s);
    if (a.slice(a.length - s - l, a.length - s) === b.slice(b.length - s - l, b.length - s)) {
      s += l;
      len = l * 2;
    } else if (l <= CHUNK) break;
    else len = Math.max(CHUNK, l >> 1);
  }
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { p, q: a.length - s, delta: b.length - a.length };
}

const CHUNK = 256;

/** A copy of `v` with every span's offsets passed through `move` (plain objects and arrays only). */
export function withSpansMoved<T>(v: T, move: (offset: number) => number): T {
  return copy(v, move) as T;
}

/** A copy of `v` with every span moved by `delta` (a part of the text entirely after an edit). */
export function withSpansShifted<T>(v: T, delta: number): T {
  return delta === 0 ? v : (copy(v, (o) => o + delta) as T);
}

/**
 * A copy of the record `v` with every span moved by `delta`, but its key `kept` taken as it is (the
 * same object): a block moved by an edit, or a statement placed where its moved block now is,
 * keeps its body (model/blockSpans.ts). Always a copy, even for a delta of 0.
 */
export function withSpansShiftedBut<T extends object>(v: T, delta: number, kept: string): T {
  const move = (o: number): number => o + delta;
  const r = v as Record<string, unknown>;
  const out = sameKeysLiteral(r);
  for (const k in r) {
    const x = r[k];
    out[k] = k === kept || typeof x !== 'object' || x === null ? x : copy(x, move);
  }
  return out as T;
}

function copy(v: unknown, move: (offset: number) => number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i], move);
    return out;
  }
  const r = v as Record<string, unknown>;
  if (isTextSpan(r)) return { start: move(r.start as number), end: move(r.end as number) };
  // a literal of the same keys (common/literals.ts), its objects then replaced by their copies: the
  // copy has the class of an original made by a literal of those keys (the parser's nodes). Filled
  // key by key from {} (as until 2026-12-06) every moved node had another class, stored its fifth
  // key on out of the object, and the code reading trees met two classes of each node kind after
  // the first edit. (An original extended after it was made, as many of the lowering's IR objects
  // are, has a class no literal gives: its copies differ from it either way, now kept in the object.)
  const out = sameKeysLiteral(r);
  for (const k in r) {
    const x = r[k];
    out[k] = typeof x === 'object' && x !== null ? copy(x, move) : x;
  }
  return out;
}

/** strings this long may be slices that keep their whole source text alive (V8 makes shorter ones copies) */
const SLICE_MIN = 13;

/**
 * Replaces, in place, every string of `v` (plain objects and arrays, made by the analysis of one
 * version) by a copy of its own characters. A name or a message cut from a version's text keeps
 * that whole text alive; the incremental analysis keeps an item's results across versions, so
 * without this every re-parsed item would hold a whole old text (the memory of a long typing
 * session would grow with every edit at a new place). A string equal to the old one replaces it:
 * no reader can tell, and a frozen object is left as it is.
 */
export function ownStrings(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'string') {
        if (x.length >= SLICE_MIN) v[i] = copyOf(x);
      } else if (typeof x === 'object' && x !== null) ownStrings(x);
    }
    return;
  }
  const r = v as Record<string, unknown>;
  for (const k in r) {
    const x = r[k];
    if (typeof x === 'string') {
      if (x.length >= SLICE_MIN) r[k] = copyOf(x);
    } else if (typeof x === 'object' && x !== null) ownStrings(x);
  }
}

/** a flat string of the same characters that refers to no other string */
function copyOf(s: string): string {
  return (' ' + s).slice(1);
}
