/**
 * Tracepoint-like events and decision-path lines, collected per step. The
 * interpreter opens a step, the mm code appends, the interpreter closes it into
 * a StepRecord. With tracing off, events are dropped (explain lines are kept:
 * they are cheap and the editor shows them).
 */
import { TraceEvent } from '../run/result';

export class Tracer {
  events: TraceEvent[] = [];
  explain: string[] = [];
  /** cap per step so runaway loops inside one statement stay bounded */
  private static readonly MAX_PER_STEP = 200;
  constructor(public enabled = true) {}
  event(tp: string, text: string): void {
    if (!this.enabled) return;
    if (this.events.length < Tracer.MAX_PER_STEP) this.events.push({ tp, text });
  }
  line(text: string): void {
    if (this.explain.length < Tracer.MAX_PER_STEP) this.explain.push(text);
    else if (this.explain.length === Tracer.MAX_PER_STEP) this.explain.push('…');
  }
  take(): { events: TraceEvent[]; explain: string[] } {
    const r = { events: this.events, explain: this.explain };
    this.events = [];
    this.explain = [];
    return r;
  }
}
