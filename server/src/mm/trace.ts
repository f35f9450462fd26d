/**
 * Tracepoint-like events and decision-path lines, collected per step. The
 * interpreter opens a step, the mm code appends, the interpreter closes it into
 * a StepRecord. With tracing off, events are dropped; explain lines are kept (the editor
 * shows them) unless the run keeps no step records (`explaining` false: a diagnostics-only
 * run of a large file), where nothing would ever read them.
 *
 * An explain line is kept either as its text or as a raw fact: the function that formats it and
 * the numbers and strings it is formatted from (`fact`), formatted only when a record is read
 * (run/stepLog.ts materialise; ADR 0024). A line built while recording was a template of many
 * parts that the record then had to flatten, for every fault of a long run, and most records are
 * never read. A fact's arguments are values that cannot change afterwards (numbers, strings,
 * booleans): a mutable object (a policy, a node list) is passed as its already-formatted part.
 */
import { forkableClass } from './fork';
import { TraceEvent } from './result';
import { anyArray } from '../common/arrays';

/** the lists of a step with no event or no explain line (shared: treat as immutable) */
export const EMPTY_EVENTS = Object.freeze([]) as unknown as TraceEvent[];
export const EMPTY_LINES = Object.freeze([]) as unknown as string[];

/** what a fact keeps: immutable values only (an object could change before the line is formatted) */
export type Raw = string | number | boolean | undefined;

/**
 * A step's kept lines, flat: a string is a line; a function is a fact's formatter, followed by the
 * number of its arguments and the arguments themselves.
 */
export type KeptLines = unknown[];

/** the cap per step: runaway loops inside one statement stay bounded */
const MAX_PER_STEP = 200;

/**
 * A step's kept events, flat: a TraceEvent object is an event; a string is a fact's tracepoint,
 * followed by its formatter, the number of its values and the values (`eventFact`).
 */
export type KeptEvents = unknown[];

/**
 * A step's kept lines or events: the first `n` slots of `items`. The array is never shortened
 * (setting an array's length to 0 frees its storage, and the next step allocated it again); the
 * slots forgotten are emptied, not dropped: a formatter left in one would be a function in the
 * machine's state, which a statement boundary copy refuses (mm/fork.ts).
 */
class Slots {
  readonly items: unknown[] = anyArray();
  n = 0;
  put(x: unknown): void {
    if (this.n < this.items.length) this.items[this.n] = x;
    else this.items.push(x);
    this.n++;
  }
  /** the slots written into `out` from slot `at` on, then forgotten; returns the end */
  moveTo(out: unknown[], at: number): number {
    const n = this.n;
    if (n === 0) return at;
    const items = this.items;
    for (let i = 0; i < n; i++) out[at + i] = items[i];
    this.clear();
    return at + n;
  }
  clear(): void {
    const items = this.items;
    for (let i = 0; i < this.n; i++) items[i] = undefined;
    this.n = 0;
  }
}

forkableClass(Slots, () => new Slots());

export class Tracer {
  /** the step's events, as kept (KeptEvents) */
  private readonly evs = new Slots();
  /** events kept this step (the cap counts events, not slots) */
  private nEvents = 0;
  /** the step's lines, as kept (KeptLines) */
  private readonly kept = new Slots();
  /** lines kept this step (the cap counts lines, not slots) */
  private lines = 0;
  /** explain lines are wanted (some step record may keep them) */
  explaining = true;
  constructor(public enabled = true) {}
  event(tp: string, text: string): void {
    if (!this.enabled || this.nEvents >= MAX_PER_STEP) return;
    this.evs.put({ tp, text });
    this.nEvents++;
  }
  /**
   * An event kept as a raw fact: tracepoint `tp`, its text `format(a, b, ...)` formatted when a
   * record is read (as `fact` for lines; a formatter reads nothing but its arguments).
   */
  eventFact<A extends Raw, B extends Raw, C extends Raw>(tp: string, format: (a: A, b: B, c: C) => string, a: A, b: B, c: C): void;
  eventFact<A extends Raw, B extends Raw, C extends Raw, D extends Raw>(tp: string, format: (a: A, b: B, c: C, d: D) => string, a: A, b: B, c: C, d: D): void;
  eventFact<A extends Raw, B extends Raw, C extends Raw, D extends Raw, E extends Raw>(tp: string, format: (a: A, b: B, c: C, d: D, e: E) => string, a: A, b: B, c: C, d: D, e: E): void;
  eventFact(tp: string, format: (...args: Raw[]) => string, a: Raw, b: Raw, c: Raw, d?: Raw, e?: Raw): void {
    if (!this.enabled || this.nEvents >= MAX_PER_STEP) return;
    const n = arguments.length - 2;
    this.evs.put(tp);
    this.evs.put(format);
    this.evs.put(n);
    this.evs.put(a);
    this.evs.put(b);
    this.evs.put(c);
    if (n > 3) this.evs.put(d);
    if (n > 4) this.evs.put(e);
    this.nEvents++;
  }
  /** a line kept as its text (a constant, or a line so rare that its formatting costs nothing) */
  line(text: string): void {
    if (!this.explaining) return;
    if (this.lines < MAX_PER_STEP) this.kept.put(text);
    else if (this.lines === MAX_PER_STEP) this.kept.put('…');
    else return;
    this.lines++;
  }
  /**
   * A line kept as a raw fact: `format(a, b, ...)` is its text, formatted when a record is read.
   * The formatter lives beside the rule that explains itself with it; it must read nothing but
   * its arguments.
   */
  fact<A extends Raw>(format: (a: A) => string, a: A): void;
  fact<A extends Raw, B extends Raw>(format: (a: A, b: B) => string, a: A, b: B): void;
  fact<A extends Raw, B extends Raw, C extends Raw>(format: (a: A, b: B, c: C) => string, a: A, b: B, c: C): void;
  fact<A extends Raw, B extends Raw, C extends Raw, D extends Raw>(format: (a: A, b: B, c: C, d: D) => string, a: A, b: B, c: C, d: D): void;
  fact<A extends Raw, B extends Raw, C extends Raw, D extends Raw, E extends Raw>(format: (a: A, b: B, c: C, d: D, e: E) => string, a: A, b: B, c: C, d: D, e: E): void;
  fact<A extends Raw, B extends Raw, C extends Raw, D extends Raw, E extends Raw, F extends Raw>(format: (a: A, b: B, c: C, d: D, e: E, f: F) => string, a: A, b: B, c: C, d: D, e: E, f: F): void;
  fact<A extends Raw, B extends Raw, C extends Raw, D extends Raw, E extends Raw, F extends Raw, G extends Raw>(
    format: (a: A, b: B, c: C, d: D, e: E, f: F, g: G) => string,
    a: A,
    b: B,
    c: C,
    d: D,
    e: E,
    f: F,
    g: G,
  ): void;
  fact(format: (...args: Raw[]) => string, a: Raw, b?: Raw, c?: Raw, d?: Raw, e?: Raw, f?: Raw, g?: Raw): void {
    if (!this.explaining) return;
    if (this.lines >= MAX_PER_STEP) return this.line('…');
    // the arguments passed, no more: an optional one left out is not kept
    const n = arguments.length - 1;
    this.kept.put(format);
    this.kept.put(n);
    this.kept.put(a);
    if (n > 1) this.kept.put(b);
    if (n > 2) this.kept.put(c);
    if (n > 3) this.kept.put(d);
    if (n > 4) this.kept.put(e);
    if (n > 5) this.kept.put(f);
    if (n > 6) this.kept.put(g);
    this.lines++;
  }
  /** forget the step's events and lines (a step nobody records) */
  drop(): void {
    this.evs.clear();
    this.nEvents = 0;
    this.kept.clear();
    this.lines = 0;
  }
  /** the step's lines (as kept) written into a step log's list from slot `at` on (run/stepLog.ts), then forgotten; returns the end */
  drain(lines: KeptLines, at: number): number {
    this.lines = 0;
    return this.kept.moveTo(lines, at);
  }
  /** the step's events (as kept) written into a step log's list from slot `at` on, then forgotten; returns the end */
  drainEvents(events: KeptEvents, at: number): number {
    this.nEvents = 0;
    return this.evs.moveTo(events, at);
  }
}

forkableClass(Tracer, () => new Tracer(false));

/** the events kept in kept[from, to) (whole events: a fact with its arguments), formatted */
export function formatEvents(kept: KeptEvents, from: number, to: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let i = from; i < to; ) {
    const x = kept[i];
    if (typeof x !== 'string') {
      out.push(x as TraceEvent);
      i++;
      continue;
    }
    const format = kept[i + 1] as (...args: unknown[]) => string;
    const n = kept[i + 2] as number;
    const a = i + 3;
    out.push({ tp: x, text: format(...kept.slice(a, a + n)) });
    i = a + n;
  }
  return out;
}

/** mm_page_free's text (include/trace/events/kmem.h), for the rules that free pages: page_alloc, vmscan */
export const pageFreeEvent = (nid: number, pages: number, owner: string): string => `nid=${nid} pages=${pages} owner=${owner}`;

/** the text of the lines kept in kept[from, to) (whole lines: a fact with its arguments) */
export function formatLines(kept: KeptLines, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; ) {
    const x = kept[i];
    if (typeof x === 'string') {
      out.push(x);
      i++;
      continue;
    }
    const format = x as (...args: unknown[]) => string;
    const n = kept[i + 1] as number;
    const a = i + 2;
    out.push(n === 1 ? format(kept[a]) : format(...kept.slice(a, a + n)));
    i = a + n;
  }
  return out;
}
