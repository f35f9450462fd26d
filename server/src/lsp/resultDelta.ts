/**
 * A run's result posted to the server's thread as the change from the one posted before for the
 * same document and design (ADR 0025). After an edit most of a long document's result is the
 * previous result with the positions after the edit moved: its expectations, mappings and node
 * owners. The structured clone of the whole result cost the worker 2-4 ms per job on a 5,001-line
 * document (224 KB), and the server's thread as much again to read it, on every edit.
 *
 * Each long list is sent as a splice of the previous one: its first `keep` and last `tail` entries
 * are the previous ones with their spans moved by the edit (`Shift`), and the entries between are
 * sent. The worker proves every kept entry equal, key by key, to the previous one moved, so the
 * splice is exact whatever the edit was: a wrong guess of the edit only keeps fewer entries.
 * The server's thread rebuilds each list from the result it decoded before (ResultDecoder), which
 * is the one the worker encoded against: messages arrive in order and every one is decoded, the
 * results of cancelled jobs too. A new worker starts without bases, with a new decoder.
 */
import { editBetween, isTextSpan as isSpan } from '../common/shiftSpans';
import { NodeReport, RunResult } from '../mm/result';
import { movedFrom, movedNow, ShiftParams, splicedFrom } from '../run/movedResult';

/** how the offsets of the previous text map to the new one: from `at` on, moved by `by` */
export interface Shift {
  at: number;
  by: number;
}

/** a list as `keep` first entries of the base list moved, `mid`, and `tail` last entries of the base list moved */
export interface Splice {
  keep: number;
  /** the first `still` of the kept entries have no span the edit moves: the base's objects as they are */
  still: number;
  tail: number;
  mid: unknown[];
}

/** a result as posted: `run` with the spliced lists left empty */
export interface PackedRun {
  id: number;
  /** the id of the result it is a change of (absent: `run` is whole) */
  base?: number;
  shift?: Shift;
  run: RunResult;
  /** list name ('expectations', 'mappings', 'diagnostics', or 'owners.N' for node N's) -> splice */
  splices?: Record<string, Splice>;
  /**
   * the result is the base with its positions moved by this edit (run/movedResult.ts: the worker's
   * session reused it after an edit that changed no statement); `run` holds only its design and
   * executions, and the receiving thread moves its copy of the base itself (ADR 0036)
   */
  moved?: ShiftParams;
  /**
   * with `moved`: the result's expectations and diagnostics are `run`'s, not the base's moved (ADR
   * 0038: an edit of expectations, the rest of the result the last one's)
   */
  lists?: true;
}

/** lists shorter than this are sent whole (a splice saves nothing there) */
const MIN_SPLICE = 16;
const LISTS = ['expectations', 'mappings', 'diagnostics'] as const;

/**
 * A span moved by the edit: one starting at or after it moves, one around it grows or shrinks (an
 * empty span at the edit moves). Any rule would do (the worker checks every kept entry), this one
 * keeps most.
 */
function moveSpan(s: { start: number; end: number }, sh: Shift): { start: number; end: number } {
  if (!spanMoves(s, sh)) return s;
  return s.start >= sh.at ? { start: s.start + sh.by, end: s.end + sh.by } : { start: s.start, end: s.end + sh.by };
}

/** moveSpan changes this span (when the edit moves anything: sh.by !== 0): it starts at or after the edit, or ends after it */
function spanMoves(s: { start: number; end: number }, sh: Shift): boolean {
  return s.start >= sh.at || s.end > sh.at;
}

/**
 * `b` is `a` with its spans moved: the same own keys (in the same order: the rebuilt value, made
 * from `a`, serialises byte for byte as `b`) and values. Results are plain data (objects, arrays,
 * primitives: what a structured clone keeps as such). `flat` names keys whose values hold no span
 * (MappingReport.pages): the same object there is the same value, moved or not.
 */
export function sameMoved(a: unknown, b: unknown, sh: Shift, flat?: string): boolean {
  // the same object (an entry a resumed run or a report kept): equal to itself moved when no span in it moves
  if (a === b) return sh.by === 0 || typeof a !== 'object' || a === null || !movesIn(a, sh, flat);
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a !== a && b !== b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameMoved(a[i], b[i], sh)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  if (typeof ao.start === 'number' && isSpan(ao)) {
    if (!isSpan(bo)) return false;
    const s = ao as unknown as { start: number; end: number };
    if (s.start < sh.at && s.end <= sh.at) return s.start === bo.start && s.end === bo.end;
    if (sh.by !== 0) spanMoved = true;
    const m = moveSpan(s, sh);
    return m.start === bo.start && m.end === bo.end;
  }
  // the keys of both, in order: `a`'s into a list kept per depth (no list made per object)
  const ks = (keyLists[depth] ??= []);
  let n = 0;
  for (const k in ao) ks[n++] = k;
  let i = 0;
  for (const k in bo) if (i >= n || ks[i++] !== k) return false;
  if (i !== n) return false;
  depth++;
  let same = true;
  for (let j = 0; j < n && same; j++) {
    const k = ks[j];
    const u = ao[k];
    const v = bo[k];
    // (primitives compared here: no call for most values)
    same = u === v ? typeof u !== 'object' || u === null || k === flat || sameMoved(u, v, sh) : typeof u === 'object' && sameMoved(u, v, sh);
  }
  depth--;
  return same;
}

/** a span in `a` (not under the key `flat`) that the edit moves */
function movesIn(a: object, sh: Shift, flat?: string): boolean {
  if (Array.isArray(a)) {
    for (let i = 0; i < a.length; i++) {
      const x: unknown = a[i];
      if (typeof x === 'object' && x !== null && movesIn(x, sh)) return true;
    }
    return false;
  }
  const o = a as Record<string, unknown>;
  if (typeof o.start === 'number' && isSpan(o)) return spanMoves(o as { start: number; end: number }, sh);
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'object' && x !== null && k !== flat && movesIn(x, sh)) return true;
  }
  return false;
}

const keyLists: string[][] = [];
let depth = 0;
/** set by sameMoved when it compared a span the edit moves */
let spanMoved = false;
/** `a` with its spans moved: `a` itself when none moves (then it is shared with the previous result: results are read, never changed) */
export function moved<T>(a: T, sh: Shift): T {
  if (sh.by === 0 || typeof a !== 'object' || a === null) return a;
  if (Array.isArray(a)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < a.length; i++) {
      const m = moved(a[i], sh);
      if (m !== a[i] && !out) out = a.slice(0, i);
      if (out) out.push(m);
    }
    return (out ?? a) as T;
  }
  const o = a as Record<string, unknown>;
  if (isSpan(o)) return moveSpan(o as { start: number; end: number }, sh) as T;
  let out: Record<string, unknown> | undefined;
  for (const k in o) {
    const m = moved(o[k], sh);
    if (m !== o[k] && !out) out = { ...o };
    if (out) out[k] = m;
  }
  return (out ?? a) as T;
}

function spliceOf(base: readonly unknown[], now: readonly unknown[], sh: Shift, flat?: string): Splice {
  const n = Math.min(base.length, now.length);
  let keep = 0;
  let still = 0;
  for (; keep < n; keep++) {
    spanMoved = false;
    if (!sameMoved(base[keep], now[keep], sh, flat)) break;
    if (!spanMoved && still === keep) still++;
  }
  let tail = 0;
  while (tail < n - keep && sameMoved(base[base.length - 1 - tail], now[now.length - 1 - tail], sh, flat)) tail++;
  return { keep, still, tail, mid: now.slice(keep, now.length - tail) };
}

function unsplice(base: readonly unknown[], s: Splice, sh: Shift): unknown[] {
  const out: unknown[] = base.slice(0, s.still);
  for (let i = s.still; i < s.keep; i++) out.push(moved(base[i], sh));
  for (const x of s.mid) out.push(x);
  for (let i = base.length - s.tail; i < base.length; i++) out.push(moved(base[i], sh));
  return out;
}

interface Base {
  id: number;
  text: string;
  run: RunResult;
}

/** the worker's side: the last result posted per key, and the ids the server's thread may forget */
export class ResultEncoder {
  private next = 1;
  private readonly bases = new Map<string, Base>();
  private dropped: number[] = [];

  /** `minSplice`: lists shorter than this are sent whole (a splice saves nothing there; tests splice every list) */
  constructor(
    private readonly maxBases = 8,
    private readonly minSplice = MIN_SPLICE,
  ) {}

  /** `run` as a change of the last result posted under `key` (its text `text`), which it replaces */
  encode(key: string | undefined, text: string, run: RunResult): PackedRun {
    const id = this.next++;
    const base = key === undefined ? undefined : this.bases.get(key);
    if (key !== undefined) {
      if (base) this.bases.delete(key);
      this.bases.set(key, { id, text, run });
      for (const [k, b] of this.bases) {
        if (this.bases.size <= this.maxBases) break;
        this.bases.delete(k);
        this.dropped.push(b.id);
      }
    } else this.dropped.push(id);
    if (!base) return { id, run };
    // the worker's session made it from the base itself: the edit says all, and nothing of the
    // result is read here (most of it is made only when read)
    const moved = movedFrom(run, base.run);
    if (moved) return { id, base: base.id, moved, run: { design: run.design, executed: run.executed, diagnostics: [], expectations: [], nodes: [], mappings: [], stats: {}, steps: [] } };
    const spliced = splicedFrom(run, base.run);
    if (spliced) return { id, base: base.id, moved: spliced, lists: true, run: { design: run.design, executed: run.executed, diagnostics: run.diagnostics, expectations: run.expectations, nodes: [], mappings: [], stats: {}, steps: [] } };
    const e = editBetween(base.text, text);
    const sh: Shift = { at: e.p, by: e.delta };
    const splices: Record<string, Splice> = {};
    const out: RunResult = { ...run };
    const b = base.run;
    for (const name of LISTS) {
      if (run[name].length < this.minSplice || b[name].length < this.minSplice) continue;
      splices[name] = spliceOf(b[name], run[name], sh, name === 'mappings' ? 'pages' : undefined);
      out[name] = [];
    }
    let nodes: NodeReport[] | undefined;
    for (let i = 0; i < run.nodes.length; i++) {
      const n = run.nodes[i];
      const bn = b.nodes[i];
      if (!bn || bn.id !== n.id || n.owners.length < this.minSplice || bn.owners.length < this.minSplice) continue;
      splices[`owners.${i}`] = spliceOf(bn.owners, n.owners, sh);
      (nodes ??= run.nodes.slice())[i] = { ...n, owners: [] };
    }
    if (nodes) out.nodes = nodes;
    return { id, base: base.id, shift: sh, run: out, splices };
  }

  /** forget the bases whose key starts with `prefix` (a closed document) */
  forget(prefix: string): void {
    for (const [k, b] of [...this.bases]) {
      if (!k.startsWith(prefix)) continue;
      this.bases.delete(k);
      this.dropped.push(b.id);
    }
  }

  /** forget every base (a message may not have reached the server's thread: the next results go whole) */
  clear(): void {
    for (const b of this.bases.values()) this.dropped.push(b.id);
    this.bases.clear();
  }

  /** the ids the server's thread can forget, once (sent with the next message) */
  takeDropped(): number[] {
    const d = this.dropped;
    this.dropped = [];
    return d;
  }
}

/** the server's thread's side: the results decoded, by id, that a later one may be a change of */
export class ResultDecoder {
  private readonly runs = new Map<number, RunResult>();

  decode(p: PackedRun): RunResult {
    if (p.base === undefined) {
      this.runs.set(p.id, p.run);
      return p.run;
    }
    const base = this.runs.get(p.base);
    if (!base) throw new Error(`result ${p.id} is a change of result ${p.base}, which this thread does not have`);
    // the base is replaced by this result under its key: no later result names it
    this.runs.delete(p.base);
    if (p.moved) {
      const run = movedNow(base, p.moved, p.run.executed, p.lists ? { expectations: p.run.expectations, diagnostics: p.run.diagnostics } : undefined);
      this.runs.set(p.id, run);
      return run;
    }
    const sh = p.shift!;
    const run: RunResult = { ...p.run };
    const splices = p.splices ?? {};
    for (const name of LISTS) {
      const s = splices[name];
      if (s) run[name] = unsplice(base[name], s, sh) as never;
    }
    let nodes: NodeReport[] | undefined;
    for (let i = 0; i < run.nodes.length; i++) {
      const s = splices[`owners.${i}`];
      if (s) (nodes ??= run.nodes.slice())[i] = { ...run.nodes[i], owners: unsplice(base.nodes[i].owners, s, sh) as NodeReport['owners'] };
    }
    if (nodes) run.nodes = nodes;
    this.runs.set(p.id, run);
    return run;
  }

  drop(ids: readonly number[]): void {
    for (const id of ids) this.runs.delete(id);
  }

  /** results kept (tests) */
  get size(): number {
    return this.runs.size;
  }
}
