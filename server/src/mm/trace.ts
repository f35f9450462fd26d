/**
 * Tracepoint-like events and decision-path lines, collected per step. The
 * interpreter opens a step, the mm code appends, the interpreter closes it into
 * a StepRecord. With tracing off, events are dropped; explain lines are kept (the editor
 * shows them) unless the run keeps no step records (`explaining` false: a diagnostics-only
 * run of a large file), where nothing would ever read them.
 */
import { TraceEvent } from './result';

/** the lists of a step with no event or no explain line (shared: treat as immutable) */
export const EMPTY_EVENTS = Object.freeze([]) as unknown as TraceEvent[];
export const EMPTY_LINES = Object.freeze([]) as unknown as string[];
const EMPTY: { events: TraceEvent[]; explain: string[] } = Object.freeze({ events: EMPTY_EVENTS, explain: EMPTY_LINES });

export class Tracer {
  events: TraceEvent[] = [];
  explain: string[] = [];
  /** cap per step so runaway loops inside one statement stay bounded */
  private static readonly MAX_PER_STEP = 200;
  /** explain lines are wanted (some step record may keep them) */
  explaining = true;
  constructor(public enabled = true) {}
  event(tp: string, text: string): void {
    if (!this.enabled) return;
    if (this.events.length < Tracer.MAX_PER_STEP) this.events.push({ tp, text });
  }
  line(text: string): void {
    if (!this.explaining) return;
    if (this.explain.length < Tracer.MAX_PER_STEP) this.explain.push(this.keep(text));
    else if (this.explain.length === Tracer.MAX_PER_STEP) this.explain.push('…');
  }
  /**
   * The string a step record keeps for `text`: a line built from a template is a tree of
   * concatenations, three times the size of its characters; reading one character makes V8
   * flatten it in place (step records keep thousands of lines; interning them cost more than it saved).
   */
  private keep(text: string): string {
    // kept in a field so that the optimising compiler cannot drop the read as unused
    this.first = text.charCodeAt(0);
    return text;
  }
  /** the first character of the last line kept (read by nothing: see keep) */
  first = 0;
  /**
   * The step's events and lines, then forget them. The arrays a record keeps are exact copies
   * (a pushed-to array has room for 16 more; thousands of records keep them), and an empty list
   * is the shared empty one.
   */
  take(): { events: TraceEvent[]; explain: string[] } {
    if (this.events.length === 0 && this.explain.length === 0) return EMPTY;
    const r = { events: this.events.length ? this.events.slice() : EMPTY.events, explain: this.explain.length ? this.explain.slice() : EMPTY.explain };
    this.events.length = 0;
    this.explain.length = 0;
    return r;
  }
  /** the step's lines and events appended to a step log's lists (run/stepLog.ts), then forgotten */
  drain(lines: string[], events: TraceEvent[]): void {
    const ex = this.explain;
    if (ex.length !== 0) {
      for (let i = 0; i < ex.length; i++) lines.push(ex[i]);
      ex.length = 0;
    }
    const ev = this.events;
    if (ev.length !== 0) {
      for (let i = 0; i < ev.length; i++) events.push(ev[i]);
      ev.length = 0;
    }
  }
}
