/**
 * A run's result with its positions moved by an edit that changed no statement (ADR 0013: a blank,
 * a comment, a statement that does not run typed), made when read (ADR 0036).
 *
 * The previous result moved is the new run's result: the emulator uses positions only as names and
 * for their order. Whether every position has a place in the new text is decided at once, by a walk
 * that copies nothing (the reuse is refused otherwise, and the run made again); the copies are made
 * when a part of the result is first read. The run's diagnostics are moved at once (the worker
 * posts them first, ADR 0020). The rest, most of a long document's result, the simulation worker
 * need not read at all: its encoder posts "the last result, moved by this edit" (lsp/resultDelta.ts)
 * and the server's thread moves its own copy. A result moved from one already moved keeps the first
 * one's source and the list of edits (at most MAX_CHAIN), so typing blanks never copies the result
 * in the worker.
 */
import { isTextSpan } from '../common/shiftSpans';
import { RunResult } from '../mm/result';
import { whenRead } from './whenRead';

/**
 * Where an offset of the old text is in the new one (run/incremental.ts TextShift, once its walk
 * paired the spans at the edit): before `p` it stays, after `q` it moves by `delta`, at `p` or `q`
 * it is `atP` / `atQ` when the walk saw a span there, inside the edit it has no place
 */
export interface ShiftParams {
  p: number;
  q: number;
  delta: number;
  atP?: number;
  atQ?: number;
}

export function mapOffset(s: ShiftParams, a: number): number | undefined {
  if (a < s.p) return a;
  if (a > s.q) return a + s.delta;
  // Text typed where one token ends and the next begins (`}|expect`): the offset stays for the
  // spans that end there and moves for those that begin there, and the walk saw both. Which one
  // a position of the result is, its offset does not say: unmapped (the run answers instead).
  if (a === s.p && s.p === s.q && s.atP !== undefined && s.atQ !== undefined && s.atP !== s.atQ) return undefined;
  if (a === s.p && s.atP !== undefined) return s.atP;
  if (a === s.q) return s.atQ;
  return undefined;
}

/**
 * An object made by a statement without a name is named after the statement's offset
 * (`mmap@1725`, `kernel:alloc_pages_node@1725`): a name of an offset the edit moved would be
 * another name in a run from scratch, so such a result is not reused (false). `p`: the first offset an edit moved.
 */
export function keepsName(s: string, p: number): boolean {
  return lastNameOffset(s) < p;
}

/** the largest offset a name in `s` holds (`mmap@1234`: 1234), or -1 */
function lastNameOffset(s: string): number {
  let last = -1;
  if (!s.includes('@')) return last;
  for (const m of s.matchAll(/@(\d+)/g)) last = Math.max(last, Number(m[1]));
  return last;
}

class Unmapped extends Error {}

/**
 * how many edits a lazily moved result goes back over before the next one starts a new chain. A new
 * chain starts from the result as it stands, made whole and its positions gathered: a walk of the
 * whole result on the edit's path (17-75 ms for blanks typed into 20,000 lines at a chain of 32), so
 * chains are long. What a chain costs per edit grows with its length only through its one map (about
 * three pieces an edit, extended by a copy: ComposedShift.followedBy) and the least offset its edits moved
 */
export const MAX_CHAIN = 1024;
/** test only: the chain's limit (MAX_CHAIN), lowered to make chains restart within a test's edits */
export const chainLimit = { max: MAX_CHAIN };

interface Moved {
  /** the result the positions are moved from: one with every part made (a result moved before is made whole by gathering its positions first) */
  source: RunResult;
  /** how many edits since `source`, and their maps made one */
  length: number;
  map: ComposedShift;
  /** the least offset an edit since `source` moved (a name of an offset at or past it is refused) */
  firstMoved: number;
  /** the serial of the result it was moved from, and that edit (-1: a spliced result, made of more than a move) */
  parent: number;
  last: ShiftParams;
  /**
   * a spliced result's own lists (ADR 0038), in its own positions: they replace the source's
   * moved, and a result moved from it moves them (eagerly: a few entries a block)
   */
  lists?: Lists;
  /** a spliced result: the serial of the result whose move it replaced the lists of (splicedFrom) */
  splicedOf?: number;
}

export interface Lists {
  expectations: RunResult['expectations'];
  diagnostics: RunResult['diagnostics'];
}

const moves = new WeakMap<RunResult, Moved>();
const serials = new WeakMap<RunResult, number>();
let nextSerial = 1;

function serialOf(r: RunResult): number {
  let s = serials.get(r);
  if (s === undefined) serials.set(r, (s = nextSerial++));
  return s;
}

/**
 * `result` with its positions moved by `shift` (`executed`: the count it gives instead of its own),
 * or undefined when a position has no place in the new text or an object is named after a moved
 * offset. Decided now; the parts but the diagnostics are moved when first read. `lists`: a splice
 * (ADR 0038): the result's expectations and diagnostics are these, in the new text's positions, and
 * the last result's are not moved (the old entries replaced may have no place in the new text).
 */
export function movedResult(result: RunResult, shift: ShiftParams, executed = result.executed, given?: Lists): RunResult | undefined {
  let lists = given;
  const { before, chained, source, map, firstMoved } = chainOf(result, shift);
  // the source's lists are not this result's when a spliced result's own replace them
  const ownLists = lists !== undefined || (chained && before?.lists !== undefined);
  // (a splice asked it before its run, with the same edit: the answer stands)
  const asked = given === undefined ? undefined : exceptListsAnswers.get(result);
  const known = asked !== undefined && asked.shift === shift && asked.before === before ? asked.movable : undefined;
  if (!(known ?? movable(positionsOf(source), firstMoved, map, !ownLists))) return undefined;
  // a chain starts from a result moved before: gathering its positions made every part of it, so
  // it no longer needs its own source (kept, each chain's source would hold the one before it)
  if (!chained && before !== undefined) moves.delete(result);
  // a spliced result's own lists, moved by this edit alone (they are in its positions)
  if (lists === undefined && chained && before?.lists) {
    const own = movedBy(before.lists, shift);
    if (own === undefined) return undefined;
    lists = own;
  }
  const mover = new ResultMover(firstMoved, map);
  // the fields in the result's order (a copy serialises as the result moved would)
  const out: RunResult = { ...source, executed };
  out.diagnostics = lists ? lists.diagnostics : mover.move(source.diagnostics);
  if (lists) out.expectations = lists.expectations;
  for (const key of Object.keys(out) as (keyof RunResult)[]) {
    // (a value that holds no position, the design's name or a count, stays as it is)
    const v = out[key];
    if (!(lists && LIST_KEYS.has(key)) && key !== 'diagnostics' && typeof v === 'object' && v !== null) whenRead(out, key, () => mover.move(source[key]) as RunResult[typeof key]);
  }
  // a splice is no move of `result` (movedFrom: none): posted as the edit and its two lists (splicedFrom)
  const parent = serialOf(result);
  moves.set(out, { source, length: chained && before ? before.length + 1 : 1, map, firstMoved, last: shift, ...(lists ? { lists } : {}), ...(given ? { parent: -1, splicedOf: parent } : { parent }) });
  return out;
}

/** whether movedResult(result, shift) with lists of its own would be made (ADR 0038: decided before the run to the edited expectations) */
export function movableExceptLists(result: RunResult, shift: ShiftParams): boolean {
  const { before, source, map, firstMoved } = chainOf(result, shift);
  const answer = movable(positionsOf(source), firstMoved, map, false);
  exceptListsAnswers.set(result, { shift, before, movable: answer });
  return answer;
}

/**
 * movableExceptLists's answers: movedResult with a splice's lists asks the same after the run (a
 * map of every position of the result through the edit, about a millisecond at 5,000 lines); the
 * same edit (by identity) and the same chain give the same answer
 */
const exceptListsAnswers = new WeakMap<RunResult, { shift: ShiftParams; before: Moved | undefined; movable: boolean }>();

/** the chain `result` moved by `shift` goes on (or the one it starts): its source, its edits' one map, the least offset they moved */
function chainOf(result: RunResult, shift: ShiftParams): { before?: Moved; chained: boolean; source: RunResult; map: ComposedShift; firstMoved: number } {
  const before = moves.get(result);
  if (before !== undefined && before.length < chainLimit.max) return { before, chained: true, source: before.source, map: before.map.followedBy(shift), firstMoved: Math.min(before.firstMoved, shift.p) };
  return { before, chained: false, source: result, map: new ComposedShift([shift]), firstMoved: shift.p };
}

/** values (a result's lists or parts of them) moved by one edit, copies made only where a position moves; undefined where one has no place */
export function movedBy<T>(values: T, shift: ShiftParams): T | undefined {
  try {
    return new ResultMover(shift.p, new ComposedShift([shift])).move(values);
  } catch (e) {
    if (e instanceof Unmapped) return undefined;
    throw e;
  }
}

/**
 * The edit `run` is `base` moved by, its expectations and diagnostics then replaced, when
 * movedResult made it as a splice of that very result (ADR 0038): the worker posts the edit and the two
 * lists, and the server's thread moves its copy of the base (lsp/resultDelta.ts)
 */
export function splicedFrom(run: RunResult, base: RunResult): ShiftParams | undefined {
  const m = moves.get(run);
  return m !== undefined && m.splicedOf !== undefined && m.splicedOf === serials.get(base) ? m.last : undefined;
}

/** made by movedResult, whatever of it has been read */
export function isMovedResult(run: RunResult): boolean {
  return moves.has(run);
}

/** how many results `run` holds alive behind it, one's source holding the next (tests: at most one) */
export function sourcesBehind(run: RunResult): number {
  let n = 0;
  for (let m = moves.get(run); m !== undefined; m = moves.get(m.source)) n++;
  return n;
}

/** the edit `run` is `base` moved by, when movedResult made it from that very result (not a copy of it) */
export function movedFrom(run: RunResult, base: RunResult): ShiftParams | undefined {
  const m = moves.get(run);
  return m !== undefined && m.parent === serials.get(base) ? m.last : undefined;
}

/**
 * `base` moved by `shift`, every part of it made now (`executed`: its count): the server's thread
 * rebuilding what the worker moved (lsp/resultDelta.ts). Throws where movedResult would have
 * refused: the worker moved the same result, so it never does.
 */
export function movedNow(base: RunResult, shift: ShiftParams, executed: number, lists?: Lists): RunResult {
  try {
    const mover = new ResultMover(shift.p, new ComposedShift([shift]));
    if (lists) {
      // a splice (ADR 0038): the two lists are the new ones; the rest of the base moved
      const out = { ...base, executed };
      for (const key of Object.keys(out) as (keyof RunResult)[]) if (!LIST_KEYS.has(key)) (out as unknown as Record<string, unknown>)[key] = mover.move(out[key]);
      out.expectations = lists.expectations;
      out.diagnostics = lists.diagnostics;
      return out;
    }
    const out = mover.move(base);
    return out.executed === executed ? out : { ...out, executed };
  } catch (e) {
    if (e instanceof Unmapped) throw new Error('a result moved by an edit has a position the edit leaves no place for');
    throw e;
  }
}

/**
 * The copying walk: what a moved position is in is copied, once: what no moved position is in
 * stays the same object (results are read, never changed: the previous result and this one share
 * it, as a resumed run's share what it did not redo), and an object shared inside the result (step
 * records share node snapshots) has one copy, shared the same way. Copying all of it, each object
 * noted in a table, cost a blank typed in a 5,001-line document more than re-running half of it.
 * It throws Unmapped where `movable` says no (the same rules: SourcePositions).
 */
class ResultMover {
  /** the copy made of each object, by the object */
  private readonly memo = new Map<object, unknown>();
  /** a name after an offset at or past this is one the edits move */
  private readonly firstMoved: number;
  /** the edits' maps made one */
  private readonly shift: ComposedShift;

  constructor(firstMoved: number, shift: ComposedShift) {
    this.firstMoved = firstMoved;
    this.shift = shift;
  }

  move<T>(v: T): T {
    return this.value(v) as T;
  }

  private map(a: number): number | undefined {
    return this.shift.map(a);
  }

  /** a value moved (primitives as they are, but a name of a moved offset: unmapped) */
  private value(x: unknown): unknown {
    if (typeof x === 'object') return x === null ? x : this.object(x);
    if (typeof x === 'string' && !keepsName(x, this.firstMoved)) throw new Unmapped();
    return x;
  }

  private object(v: object): unknown {
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        const m = this.value(x);
        if (m !== x && out === undefined) out = v.slice(0, i);
        if (out !== undefined) out.push(m);
      }
      return out === undefined ? v : this.once(v, out);
    }
    const r = v as Record<string, unknown>;
    if (typeof r.start === 'number' && isTextSpan(r)) {
      const start = this.map(r.start);
      const end = this.map(r.end as number);
      if (start === undefined || end === undefined) throw new Unmapped();
      return start === r.start && end === r.end ? v : this.once(v, { start, end });
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) throw new Unmapped();
    let out: Record<string, unknown> | undefined;
    for (const k in r) {
      if (!keepsName(k, this.firstMoved)) throw new Unmapped();
      const x = r[k];
      const m = this.value(x);
      if (m !== x && out === undefined) out = { ...r };
      if (out !== undefined) out[k] = m;
    }
    return out === undefined ? v : this.once(v, out);
  }

  /** the copy of `v`: `made`, or the one made before (a second path to a shared object) */
  private once(v: object, made: unknown): unknown {
    const seen = this.memo.get(v);
    if (seen !== undefined) return seen;
    this.memo.set(v, made);
    return made;
  }
}

/**
 * mapOffset through each edit in turn, as one map: the old offsets in pieces, each piece either a
 * run of offsets moved by one amount or a single offset placed by the walk (an edit's p or q), in
 * order; an offset in no piece has no place. An edit splits a piece only at its own p and q, so
 * the pieces stay few (about three per edit), where mapping each position through every edit of a
 * long chain cost a pass per edit.
 */
export class ComposedShift {
  private los: number[] = [-Infinity];
  private his: number[] = [Infinity];
  private ds: number[] = [0];

  constructor(shifts: readonly ShiftParams[]) {
    for (const s of shifts) this.follow(s);
  }

  /** this map followed by the edit `s`, as a new map (this one is left as it is: older results map through it) */
  followedBy(s: ShiftParams): ComposedShift {
    const next = new ComposedShift([]);
    next.los = this.los;
    next.his = this.his;
    next.ds = this.ds;
    next.follow(s);
    return next;
  }

  map(a: number): number | undefined {
    const los = this.los;
    let lo = 0;
    let hi = los.length - 1;
    // the last piece starting at or before `a`
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (los[mid] <= a) lo = mid;
      else hi = mid - 1;
    }
    return los[lo] <= a && a <= this.his[lo] ? a + this.ds[lo] : undefined;
  }

  /** the map followed by the edit `s` (its pieces replaced, never changed: a map made by `followedBy` shares its maker's until then) */
  private follow(s: ShiftParams): void {
    const los: number[] = [];
    const his: number[] = [];
    const ds: number[] = [];
    const piece = (lo: number, hi: number, d: number): void => {
      if (lo > hi) return;
      los.push(lo);
      his.push(hi);
      ds.push(d);
    };
    for (let i = 0; i < this.los.length; i++) {
      const lo = this.los[i];
      const hi = this.his[i];
      const d = this.ds[i];
      // the piece's new offsets are lo + d .. hi + d: before p they stay, p and q go where the walk placed them, after q they move
      piece(lo, Math.min(hi, s.p - 1 - d), d);
      for (const at of s.p === s.q ? [s.p] : [s.p, s.q]) {
        const to = mapOffset(s, at);
        if (to !== undefined && lo + d <= at && at <= hi + d) piece(at - d, at - d, to - (at - d));
      }
      piece(Math.max(lo, s.q + 1 - d), hi, d + s.delta);
    }
    this.los = los;
    this.his = his;
    this.ds = ds;
  }
}

// ---------------------------------------------------------------- whether a result can be moved

/**
 * What decides whether a result can be moved by any edits, gathered by one walk the first time it
 * is asked (results are read, never changed): the offsets its spans start and end at, the largest
 * offset a name in it holds (`mmap@1234`), and whether it holds an object the copying walk cannot
 * copy. A result moved over many keystrokes is then checked against each new edit by mapping its
 * endpoints through the edits' one map, not by walking it again: the walk was most of the time from a blank typed in a long
 * document to its diagnostics.
 */
interface SourcePositions {
  /** every span endpoint, in the walk's order (a sort of them cost more than the walk) */
  ends: number[];
  /** the largest offset of a name (-1: no name) */
  lastName: number;
  /** an object that is neither a span, an array nor a plain object */
  foreign: boolean;
}

/** a result's positions in two parts: its two lists (expectations and diagnostics), which a spliced result replaces (ADR 0038), and the rest */
interface ResultPositions {
  lists: SourcePositions;
  rest: SourcePositions;
}

const positions = new WeakMap<RunResult, ResultPositions>();

function positionsOf(r: RunResult): ResultPositions {
  let p = positions.get(r);
  if (p === undefined) positions.set(r, (p = gather(r)));
  return p;
}

/** the walk of ResultMover, gathering what it would check */
function gather(r: RunResult): ResultPositions {
  const lists: SourcePositions = { ends: [], lastName: -1, foreign: false };
  const rest: SourcePositions = { ends: [], lastName: -1, foreign: false };
  let into = rest;
  const name = (s: string): void => {
    into.lastName = Math.max(into.lastName, lastNameOffset(s));
  };
  const value = (x: unknown): void => {
    if (typeof x === 'object') {
      if (x !== null) object(x);
    } else if (typeof x === 'string') name(x);
  };
  const object = (v: object): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) value(v[i]);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && isTextSpan(o)) {
      into.ends.push(o.start, o.end as number);
      return;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) into.foreign = true;
    for (const k in o) {
      name(k);
      value(o[k]);
    }
  };
  if (Object.getPrototypeOf(r) !== Object.prototype) rest.foreign = true;
  for (const k in r) {
    into = rest;
    name(k);
    if (LIST_KEYS.has(k)) into = lists;
    value((r as unknown as Record<string, unknown>)[k]);
  }
  return { lists, rest };
}

/** the result's two lists a spliced result holds as its own */
const LIST_KEYS: ReadonlySet<string> = new Set(['expectations', 'diagnostics']);

/**
 * Every position of the result has a place after the edits and no name holds a moved offset (what
 * ResultMover would throw Unmapped for, decided without walking the result): the edits' one map
 * places every span endpoint.
 */
function movable(src: ResultPositions, firstMoved: number, map: ComposedShift, withLists = true): boolean {
  return placed(src.rest, firstMoved, map) && (!withLists || placed(src.lists, firstMoved, map));
}

function placed(src: SourcePositions, firstMoved: number, map: ComposedShift): boolean {
  if (src.foreign || src.lastName >= firstMoved) return false;
  const ends = src.ends;
  for (let i = 0; i < ends.length; i++) if (map.map(ends[i]) === undefined) return false;
  return true;
}
